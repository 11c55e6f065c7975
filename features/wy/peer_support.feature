@wy
Feature: Wyoming peer support: what is checked and what is not
  Wyoming Medicaid covers certified peer specialist services furnished by certified mental health
  or substance abuse treatment centers. The code and limits are unknown, so no Wyoming rule is
  encoded and a claim is never silently accepted.

  Background:
    Given a payer "WY-MEDICAID-FFS" of state WY kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A Wyoming peer specialist claim is accepted but not fully checked: no Wyoming rules encoded
    Given a member "WY-100" born 1980-04-15 enrolled in WY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WY-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A Wyoming youth peer line is not fully checked: youth coverage unknown
    Given a member "WY-101" born 2012-04-15 enrolled in WY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WY-CPS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
