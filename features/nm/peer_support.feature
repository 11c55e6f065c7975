@nm
Feature: New Mexico peer support: what is checked and what is not
  New Mexico Medicaid managed care pays Certified Peer Support Workers for mental health and SUD
  on secondary evidence; no code or cap was verified, so no New Mexico rule is encoded and a claim
  is never silently accepted.

  Background:
    Given a payer "NM-MEDICAID-FFS" of state NM kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A New Mexico peer support claim is accepted but not fully checked: no New Mexico rules encoded
    Given a member "NM-100" born 1980-04-15 enrolled in NM-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NM-CPSW issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A New Mexico family peer line is not fully checked: family coverage unknown
    Given a member "NM-101" born 1980-04-15 enrolled in NM-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NM-CFPSW issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
