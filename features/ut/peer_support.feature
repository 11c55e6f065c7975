@ut
Feature: Utah peer support: what is checked and what is not
  Utah certifies peer support specialists and Family Resource Facilitators, but whether Utah
  Medicaid pays for peer support was not read, so every population is unknown and no Utah rule is
  encoded. A claim is never silently accepted.

  Background:
    Given a payer "UT-MEDICAID-FFS" of state UT kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001 @FED-SCOPE-0003
  Scenario: A Utah peer claim is accepted but not fully checked: Medicaid coverage unknown, no Utah rules encoded
    Given a member "UT-100" born 1980-04-15 enrolled in UT-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential UT-CPSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
