@in
Feature: Indiana peer support (MRO peer recovery services)
  Indiana pays peer recovery services under its Medicaid Rehabilitation Option. The code and
  the unit maxima (in a provider manual) were not read, so an Indiana claim is never accepted
  as fully checked.

  Background:
    Given a payer "IN-MCD" of state IN kind ffs
    And a member "IN-100" born 1980-04-15 enrolled in IN-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential IN-CRS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Indiana claim is accepted but not fully checked: Indiana encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A substance use line is not fully checked: whether Indiana Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
