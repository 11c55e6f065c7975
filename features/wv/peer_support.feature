@wv
Feature: West Virginia peer support: what is checked and what is not
  West Virginia Medicaid pays Peer Recovery Support Services under its 1115 SUD waiver from 2018.
  Mental health peer coverage, codes and limits are unknown, so no West Virginia rule is encoded
  and a claim is never silently accepted.

  Background:
    Given a payer "WV-MEDICAID-FFS" of state WV kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A West Virginia SUD peer claim is accepted but not fully checked: no West Virginia rules encoded
    Given a member "WV-100" born 1980-04-15 enrolled in WV-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WV-PRSS issued 2019-01-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A West Virginia peer line with no population modifier is not fully checked: mental health coverage unknown
    Given a member "WV-101" born 1980-04-15 enrolled in WV-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WV-PRSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
