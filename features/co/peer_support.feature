@co
Feature: Colorado peer support (RAE-billed peer services)
  Health First Colorado pays peer services through the Regional Accountable Entities and
  Recovery Support Services Organizations, and Peer Mentorship in six HCBS waivers. The 2025
  code list and the 2026 credential list were not read, so a Colorado claim is never accepted
  as fully checked.

  Background:
    Given a payer "CO-MCD" of state CO kind ffs
    And a member "CO-100" born 1980-04-15 enrolled in CO-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential CO-CPFS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Colorado claim is accepted but not fully checked: Colorado encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth line is not fully checked: whether Colorado Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
