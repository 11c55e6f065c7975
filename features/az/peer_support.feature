@az
Feature: Arizona peer support (Self-Help/Peer Services)
  AHCCCS covers Self-Help/Peer Services by a Peer and Recovery Support Specialist, and Family
  Support as a separate service. Codes, units and caps were not found, so an Arizona claim is
  never accepted as fully checked.

  Background:
    Given a payer "AZ-MCD" of state AZ kind ffs
    And a member "AZ-100" born 1980-04-15 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential AZ-PRSS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Arizona claim is accepted but not fully checked: Arizona encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth line is not fully checked: whether Arizona Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
