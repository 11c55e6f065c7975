@md
Feature: Maryland peer support (SUD peer recovery support and 1915(i) family peer support)
  Maryland pays peer recovery support for substance use disorders in BHA-licensed programs,
  and family peer support under its children's 1915(i) program. One secondary report says
  Maryland Medicaid does not pay mental health peer support: such a line gets a warning.

  Background:
    Given a payer "MD-MCD" of state MD kind ffs
    And a member "MD-100" born 1980-04-15 enrolled in MD-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential MD-CPRS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Maryland claim is accepted but not fully checked: Maryland encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0005
  Scenario: A mental health line gets a warning, not a denial: the source saying Maryland Medicaid does not pay for it is secondary
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0005 with severity warning
    And the claim is not fully checked
    And the claim is accepted
