@ms
Feature: Mississippi peer support (CPSSP, coverage inferred)
  Mississippi's Department of Mental Health certifies peer support specialist professionals for
  mental health, substance use, youth and parents. The Medicaid peer rule was not read, so a
  Mississippi claim is never accepted as fully checked.

  Background:
    Given a payer "MS-MCD" of state MS kind ffs
    And a member "MS-100" born 1980-04-15 enrolled in MS-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential MS-CPSSP-MH issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Mississippi claim is accepted but not fully checked: Mississippi encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A mental health line is not fully checked: whether Mississippi Medicaid pays for it is unknown
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
