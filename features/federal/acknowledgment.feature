@federal @nc
Feature: The 277CA says what a payer's front end says
  A 277CA acknowledges whether the payer's front end accepted a claim into adjudication. The
  front end returns a claim only for what it checks before any policy is applied: structure and
  the implementation guide, balancing, code sets, and a payer, member or rendering provider it
  cannot identify. A claim whose errors are all denials adjudication gives (a lapsed credential,
  a duplicate, a cap, a plan of care) is accepted into adjudication (A2:20); the result still
  denies its lines, as the payer's 835 would.

  Background:
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455

  @FED-CRED-0002
  Scenario: A lapsed credential is a denial, not a front-end rejection
    Given a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01 expires 2025-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7
    And the claim is rejected
    And the 277CA accepts the claim into adjudication

  @FED-DUP-0001
  Scenario: A duplicate of a paid line is a denial, not a front-end rejection
    Given a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a history line H0038 with no modifiers units 4 on 2026-03-02 by NPI 1234567893
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-DUP-0001 with severity error and CARC 18
    And the claim is rejected
    And the 277CA accepts the claim into adjudication

  @FED-ELIG-0003
  Scenario: A member the payer cannot find is returned by the front end
    Given a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And the claim is for member "NC-999"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0003 with severity error and CARC 31
    And the 277CA returns the claim with status A3:33

  @FED-CRED-0001
  Scenario: A rendering NPI the payer cannot find is returned by the front end
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1666666668
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0001 with severity error and CARC B7
    And the 277CA returns the claim with status A7:562:82

  @FED-ELIG-0001
  Scenario: A payer that is not on file is returned by the front end
    Given a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And the claim is billed to payer "UNKNOWN-PAYER"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0001 with severity error and CARC 109
    And the 277CA returns the claim with status A3:116

  @FED-BAL-0001
  Scenario: A claim whose total is not the sum of its lines is returned by the front end
    Given a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    And the claim's total charge is 999.00
    When the claim is checked
    Then the claim has a finding by rule FED-BAL-0001 with severity error and CARC 16
    And the 277CA returns the claim with status A7:400

  @FED-BAL-0001
  Scenario: A clean claim is accepted into adjudication
    Given a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has no finding by rule FED-BAL-0001
    And the claim is accepted
    And the 277CA accepts the claim into adjudication
