@nv
Feature: Nevada peer support: what is checked and what is not
  Nevada Medicaid lists peer-to-peer support among rehabilitative mental health services
  (secondary evidence); no code, cap or billing credential list was verified, so no Nevada rule is
  encoded and a claim is never silently accepted.

  Background:
    Given a payer "NV-MEDICAID-FFS" of state NV kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A Nevada peer support claim is accepted but not fully checked: no Nevada rules encoded
    Given a member "NV-100" born 1980-04-15 enrolled in NV-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NV-PRSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A Nevada substance use peer line is not fully checked: SUD coverage unknown
    Given a member "NV-101" born 1980-04-15 enrolled in NV-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NV-PRSS issued 2019-01-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
