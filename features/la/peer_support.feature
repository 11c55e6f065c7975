@la
Feature: Louisiana peer support (adult MH rehabilitation and CSoC)
  Louisiana covers peer support in adult mental health rehabilitation, and youth and parent
  support and training through its Coordinated System of Care. Codes and limits were not
  found, so a Louisiana claim is never accepted as fully checked.

  Background:
    Given a payer "LA-MCD" of state LA kind ffs
    And a member "LA-100" born 1980-04-15 enrolled in LA-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential LA-CPSS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Louisiana claim is accepted but not fully checked: Louisiana encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A substance use line is not fully checked: whether Louisiana Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
