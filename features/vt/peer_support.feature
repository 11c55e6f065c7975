@vt
Feature: Vermont peer support: what is checked and what is not
  No Vermont Medicaid peer support benefit was found (secondary evidence, 2024). A Vermont peer
  claim gets a warning saying so, not a denial, and is never silently accepted.

  Background:
    Given a payer "VT-MEDICAID-FFS" of state VT kind ffs
    And a billing provider with NPI 1122334455

  @FED-COV-0005 @FED-SCOPE-0001
  Scenario: A Vermont peer support claim is warned, not denied: no Medicaid peer benefit found, on secondary evidence
    Given a member "VT-100" born 1980-04-15 enrolled in VT-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VT-PSP issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-COV-0005 with severity warning
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted
