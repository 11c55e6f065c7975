@ne
Feature: Nebraska peer support: what is checked and what is not
  Nebraska certifies peer support specialists, but no Nebraska Medicaid peer service was found, so
  every population is unknown and no Nebraska rule is encoded. A claim is never silently accepted.

  Background:
    Given a payer "NE-MEDICAID-FFS" of state NE kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001 @FED-SCOPE-0003
  Scenario: A Nebraska peer support claim is accepted but not fully checked: coverage unknown, no Nebraska rules encoded
    Given a member "NE-100" born 1980-04-15 enrolled in NE-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NE-CPSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
