@ma
Feature: Massachusetts peer support (recovery coaches and CBHI)
  MassHealth pays recovery coach services and CBHI Family Support and Training (secondary
  sources). Codes, credentials and limits were not found, so a Massachusetts claim is never
  accepted as fully checked.

  Background:
    Given a payer "MA-MCD" of state MA kind ffs
    And a member "MA-100" born 1980-04-15 enrolled in MA-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding no credential

  @FED-SCOPE-0001
  Scenario: A Massachusetts claim is accepted but not fully checked: Massachusetts encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth line is not fully checked: whether Massachusetts Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
