@ia
Feature: Iowa peer support (coverage inferred)
  Iowa certifies Peer Recovery Specialists and Family Peer Support Specialists; peers work in
  Medicaid Integrated Health Homes. A stand-alone Medicaid peer service was not verified, so an
  Iowa claim is never accepted as fully checked.

  Background:
    Given a payer "IA-MCD" of state IA kind ffs
    And a member "IA-100" born 1980-04-15 enrolled in IA-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential IA-PRS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Iowa claim is accepted but not fully checked: Iowa encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A mental health line is not fully checked: whether Iowa Medicaid pays for it is unknown
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
