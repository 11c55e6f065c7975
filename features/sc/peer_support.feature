@sc
Feature: South Carolina peer support: what is checked and what is not
  South Carolina Medicaid has paid Peer Support Services since 2004 and includes peer support in
  its 2020 MAT benefit. The code and limits are not verified, so no South Carolina rule is encoded
  and a claim is never silently accepted.

  Background:
    Given a payer "SC-MEDICAID-FFS" of state SC kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A South Carolina peer support claim is accepted but not fully checked: no South Carolina rules encoded
    Given a member "SC-100" born 1980-04-15 enrolled in SC-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential SC-CPSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted
