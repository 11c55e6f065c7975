@mt
Feature: Montana peer support: what is checked and what is not
  Montana Medicaid pays CBHPSS peer support for adult mental health and SUD on secondary evidence;
  no code, cap or billing credential list was verified, so no Montana rule is encoded and a
  Montana claim is never silently accepted.

  Background:
    Given a payer "MT-MEDICAID-FFS" of state MT kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A Montana adult peer support claim is accepted but not fully checked: no Montana rules encoded
    Given a member "MT-100" born 1980-04-15 enrolled in MT-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MT-CBHPSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A Montana youth peer support line is not fully checked: youth coverage unknown
    Given a member "MT-101" born 2012-04-15 enrolled in MT-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MT-CBHPSS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
