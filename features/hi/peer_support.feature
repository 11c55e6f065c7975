@hi
Feature: Hawaii peer support (HCPS)
  Hawaii certifies peer specialists for mental health (HCPS). One secondary report says
  Medicaid pays mental health peer support and not SUD peer support; nothing else is encoded,
  so a Hawaii claim is never accepted as fully checked.

  Background:
    Given a payer "HI-MCD" of state HI kind ffs
    And a member "HI-100" born 1980-04-15 enrolled in HI-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential HI-HCPS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Hawaii claim is accepted but not fully checked: Hawaii encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0005
  Scenario: A substance use line gets a warning, not a denial: the source saying Hawaii Medicaid does not pay for it is secondary
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0005 with severity warning
    And the claim is not fully checked
    And the claim is accepted
