@de
Feature: Delaware peer support (coverage inferred)
  Delaware delivers peer support inside PROMISE ACT and ICM teams, and certifies one Certified
  Peer Recovery Specialist for mental health and substance use. A stand-alone Medicaid peer
  service was not found, so a Delaware claim is never accepted as fully checked.

  Background:
    Given a payer "DE-MCD" of state DE kind ffs
    And a member "DE-100" born 1980-04-15 enrolled in DE-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential DE-CPRS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Delaware claim is accepted but not fully checked: Delaware encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A substance use line is not fully checked: whether Delaware Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
