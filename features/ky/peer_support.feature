@ky
Feature: Kentucky peer support (adult, youth and family peer support specialists)
  Kentucky's Medicaid behavioral health services use adult, youth and family peer support
  specialists. Codes and limits were not read, so no credential or limit rule runs and a
  Kentucky claim is never accepted as fully checked.

  Background:
    Given a payer "KY-MCD" of state KY kind ffs
    And a member "KY-100" born 1980-04-15 enrolled in KY-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential KY-APSS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Kentucky claim is accepted but not fully checked: Kentucky encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A family line is not fully checked: whether Kentucky Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
