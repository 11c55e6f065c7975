@nh
Feature: New Hampshire peer support: what is checked and what is not
  New Hampshire Medicaid pays SUD recovery support by Certified Recovery Support Workers (He-W
  513); a 2024 report says it does not pay mental health peer support. No code or cap was
  verified, so no New Hampshire rule is encoded and a claim is never silently accepted.

  Background:
    Given a payer "NH-MEDICAID-FFS" of state NH kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A New Hampshire SUD recovery support claim is accepted but not fully checked: no New Hampshire rules encoded
    Given a member "NH-100" born 1980-04-15 enrolled in NH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NH-CRSW issued 2019-01-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0005
  Scenario: A New Hampshire mental health peer line gets a warning, not a denial: the report that it is not covered is secondary
    Given a member "NH-101" born 1980-04-15 enrolled in NH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NH-CRSW issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-COV-0005 with severity warning
    And the claim is accepted
