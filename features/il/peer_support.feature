@il
Feature: Illinois peer support (CRSS)
  Illinois lets a Certified Recovery Support Specialist bill Medicaid under Rules 132 and 140
  (secondary source). Codes and limits were not found, so an Illinois claim is never accepted
  as fully checked; whether SUD peer support is covered is unknown.

  Background:
    Given a payer "IL-MCD" of state IL kind ffs
    And a member "IL-100" born 1980-04-15 enrolled in IL-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential IL-CRSS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Illinois claim is accepted but not fully checked: Illinois encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A substance use line is not fully checked: whether Illinois Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
