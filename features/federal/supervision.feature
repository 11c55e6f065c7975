@federal @tx
Feature: A supervising professional is named on the claim where the state requires supervision
  CMS SMD #07-011 requires peer support to be supervised by a competent mental health
  professional. Where a state pack lists a procedure as needing supervision (Texas: H0038), the
  claim or the line names the supervising provider (2310D or 2420D NM1*DQ).

  Background:
    Given a payer "TX-HHSC" of state TX kind ffs
    And a member "TX-100" born 1980-04-15 enrolled in TX-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential TX-CPS issued 2019-01-01

  @FED-SUP-0001
  Scenario: A claim for supervised peer support that names no supervisor is flagged, not denied (the rule is inferred)
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-SUP-0001 with severity warning and CARC 16
    And the claim is accepted
    And the claim is not fully checked

  @FED-SUP-0001
  Scenario: A claim for supervised peer support that names its supervisor is not denied for it
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    And the claim names supervising NPI 1555555550
    When the claim is checked
    Then the claim has no finding by rule FED-SUP-0001
    And the claim is accepted
