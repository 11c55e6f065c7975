@ar
Feature: Arkansas peer support (coverage not verified)
  Arkansas certifies Peer Support Specialists (mental health) and Peer Recovery Support
  Specialists (substance use). That Medicaid pays them under OBHS comes from a weak secondary
  source, so an Arkansas claim is never accepted as fully checked.

  Background:
    Given a payer "AR-MCD" of state AR kind ffs
    And a member "AR-100" born 1980-04-15 enrolled in AR-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential AR-PSS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Arkansas claim is accepted but not fully checked: Arkansas encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A mental health line is not fully checked: whether Arkansas Medicaid pays for it is unknown
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
