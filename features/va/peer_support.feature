@va
Feature: Virginia peer support: what is checked and what is not
  Virginia Medicaid pays peer support (mental health and ARTS, 21 and older) and family support
  partners (caregivers of members under 21), rendered by registered Peer Recovery Specialists. The
  billing code was not read, so no Virginia limit is encoded yet and a claim is never silently
  accepted.

  Background:
    Given a payer "VA-MEDICAID-FFS" of state VA kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A Virginia peer support claim is accepted but not fully checked: no Virginia rules encoded
    Given a member "VA-100" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0005
  Scenario: A Virginia individual youth peer line is warned, not denied: that it is not covered is an inference
    Given a member "VA-101" born 2012-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-COV-0005 with severity warning
    And the claim is accepted
