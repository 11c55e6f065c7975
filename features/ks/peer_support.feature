@ks
Feature: Kansas peer support (Parent Peer Support H0038)
  Kansas covers Parent Peer Support as H0038 (HQ for group) from dates of service 2023-01-01.
  Adult and SUD peer support are inferred, not verified, and no code, credential or limit rule
  is encoded, so a Kansas claim is never accepted as fully checked.

  Background:
    Given a payer "KS-MCD" of state KS kind ffs
    And a member "KS-100" born 1980-04-15 enrolled in KS-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential KS-CPS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Kansas claim is accepted but not fully checked: Kansas encodes no enrollment, credential, coverage, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0005
  Scenario: Parent Peer Support before 2023-01-01 is not covered
    Given a claim line H0038 with modifiers HS units 4 on 2022-12-30
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0005 with severity error
    And the claim is rejected

  @FED-COV-0005
  Scenario: Parent Peer Support from 2023-01-01 is covered
    Given a claim line H0038 with modifiers HS units 4 on 2023-01-03
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0005
