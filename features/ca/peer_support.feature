@ca
Feature: California peer support (Medi-Cal Peer Support Services)
  Medi-Cal Peer Support Services began 2022-07-01 in counties that opted in, in SMHS and in
  DMC or DMC-ODS, rendered by CalMHSA-certified Medi-Cal Peer Support Specialists. Their HCPCS
  codes are inferred, so no code, credential or limit rule runs and a California claim is never
  accepted as fully checked; a line before the benefit began is denied.

  Background:
    Given a payer "CA-MCD" of state CA kind ffs
    And a member "CA-100" born 1980-04-15 enrolled in CA-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential CA-PSS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A California claim is accepted but not fully checked: California encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0006
  Scenario: Peer support before Medi-Cal Peer Support Services began is denied
    Given a claim line H0038 with no modifiers units 4 on 2022-06-30
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0006 with severity error
    And the claim is rejected

  @FED-COV-0006
  Scenario: Peer support on the day Medi-Cal Peer Support Services began is not denied for its date
    Given a claim line H0038 with no modifiers units 4 on 2022-07-01
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0006
