@tn
Feature: Tennessee peer support: what is checked and what is not
  Tennessee certifies peer recovery, family and youth peer specialists, but whether TennCare pays
  for peer support was not read, so every population is unknown and no Tennessee rule is encoded.
  A claim is never silently accepted.

  Background:
    Given a payer "TN-MEDICAID-FFS" of state TN kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001 @FED-SCOPE-0003
  Scenario: A Tennessee peer claim is accepted but not fully checked: TennCare coverage unknown, no Tennessee rules encoded
    Given a member "TN-100" born 1980-04-15 enrolled in TN-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential TN-CPRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
