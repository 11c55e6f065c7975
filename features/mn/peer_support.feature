@mn
Feature: Minnesota peer support (certified peer and family peer specialists)
  Minnesota Medical Assistance covers certified peer specialist services for members in
  intensive residential treatment, adult rehabilitative mental health or crisis services, and
  certified family peer specialist services in children's services. Codes and eligibility
  are not in the reference data, so a Minnesota claim is never accepted as fully checked.

  Background:
    Given a payer "MN-MCD" of state MN kind ffs
    And a member "MN-100" born 1980-04-15 enrolled in MN-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential MN-CPS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Minnesota claim is accepted but not fully checked: Minnesota encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth line is not fully checked: whether Minnesota Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
