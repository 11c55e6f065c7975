@al
Feature: Alabama peer support (coverage not verified)
  Alabama certifies peer specialists through ADMH (CPS for mental health, CRSS for substance
  use), and pays mental health rehabilitative services under the Medicaid Rehabilitative Option.
  That Alabama Medicaid pays peer support, and under which code and limits, is not verified:
  the pack encodes no rule, so an Alabama claim is never accepted as fully checked.

  Background:
    Given a payer "AL-MCD" of state AL kind ffs
    And a member "AL-100" born 1980-04-15 enrolled in AL-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential AL-CPS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Alabama claim is accepted but not fully checked: Alabama encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth line is not fully checked: whether Alabama Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
