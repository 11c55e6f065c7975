@ok
Feature: Oklahoma peer support: what is checked and what is not
  Oklahoma Medicaid covers PRSS services for mental illness and SUD, rendered by ODMHSAS-certified
  C-PRSS. The code and limits are not verified, so no Oklahoma rule is encoded and a claim is
  never silently accepted.

  Background:
    Given a payer "OK-MEDICAID-FFS" of state OK kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: An Oklahoma PRSS claim is accepted but not fully checked: no Oklahoma rules encoded
    Given a member "OK-100" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OK-CPRSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: An Oklahoma family peer line is not fully checked: Family PRSS billing unknown
    Given a member "OK-101" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OK-FPRSS issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
