@pa
Feature: Pennsylvania peer support: what is checked and what is not
  Pennsylvania Medical Assistance pays Peer Support Services by PCB Certified Peer Specialists
  since 2006-11-01. The procedure code and limits are unknown, so no Pennsylvania rule is encoded
  and a claim is never silently accepted.

  Background:
    Given a payer "PA-MEDICAID-FFS" of state PA kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A Pennsylvania peer support claim is accepted but not fully checked: no Pennsylvania rules encoded
    Given a member "PA-100" born 1980-04-15 enrolled in PA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A Pennsylvania SUD peer line is not fully checked: whether Medical Assistance pays for it is in conflict
    Given a member "PA-101" born 1980-04-15 enrolled in PA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CRS issued 2019-01-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
