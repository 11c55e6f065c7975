@fl
Feature: Florida peer support (CRPS, Rule 59G-4.031)
  Florida lets a Certified Recovery Peer Specialist render psychosocial rehabilitation and
  clubhouse services. The peer code, limits and rates were not found, so a Florida claim is
  never accepted as fully checked.

  Background:
    Given a payer "FL-MCD" of state FL kind ffs
    And a member "FL-100" born 1980-04-15 enrolled in FL-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential FL-CRPS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Florida claim is accepted but not fully checked: Florida encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A substance use line is not fully checked: whether Florida Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
