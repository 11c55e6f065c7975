@ak
Feature: Alaska peer support (not fully encoded)
  Alaska has paid peer support under Medicaid since 2011 (secondary source), and its 1115
  SUD-BHP demonstration covers peer-based crisis services. Its procedure code, limits and
  credential checks were not found, so an Alaska claim is never accepted as fully checked.

  Background:
    Given a payer "AK-MCD" of state AK kind ffs
    And a member "AK-100" born 1980-04-15 enrolled in AK-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential AK-PSP issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Alaska claim is accepted but not fully checked: Alaska encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth line is not fully checked: whether Alaska Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
