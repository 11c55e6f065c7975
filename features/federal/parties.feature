@federal
Feature: The payer, the rendering peer and every NPI on the claim are known and well formed
  A claim's state comes from its payer in payers.yaml: a payer that is not there cannot be
  judged by any state pack. The member must be in members.yaml, or the payer cannot identify them. The rendering peer (2420A, else 2310B, else the billing provider)
  must be on file, or no credential can be shown for it. Every NPI on the claim carries a
  valid check digit (Luhn over 80840 and the first nine digits).

  Background:
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01

  @FED-ELIG-0001
  Scenario: A claim billed to a payer that is not in the reference data is denied
    Given the claim is billed to payer "UNKNOWN-PAYER"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0001 with severity error and CARC 109
    And the claim is rejected

  @FED-ELIG-0001
  Scenario: A claim billed to a known payer is judged under that payer's state
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0001
    And the line's expected payment is 47.88
    And the claim is accepted

  @FED-ELIG-0003 @FED-ELIG-0004
  Scenario: A claim for a member who is not in the reference data is returned, once
    Given the claim is for member "NC-999"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0003 with severity error and CARC 31
    And the claim has no finding by rule FED-ELIG-0004
    And the claim is rejected

  @FED-ELIG-0003
  Scenario: A claim for a member on file is judged on the member's enrollment
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0003
    And the claim is accepted

  @FED-CRED-0001
  Scenario: A line rendered by an NPI that is not on file is denied
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1666666668
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0001 with severity error and CARC B7
    And the claim is rejected

  @FED-CRED-0001
  Scenario: A line rendered by a peer on file is not denied as unknown
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0001

  @FED-NPI-0001 @FED-NPI-0002 @FED-NPI-0003
  Scenario: A rendering NPI whose check digit is wrong is denied with the rendering provider's remark (N290)
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567890
    When the claim is checked
    Then the claim has a finding by rule FED-NPI-0002 with severity error and CARC 207 and RARC N290
    And the claim has no finding by rule FED-NPI-0001
    And the claim has no finding by rule FED-NPI-0003

  @FED-NPI-0001 @FED-NPI-0002
  Scenario: A billing NPI whose check digit is wrong is denied with the billing provider's remark (N257)
    Given the claim names billing NPI 1122334456
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-NPI-0001 with severity error and CARC 207 and RARC N257
    And the claim has no finding by rule FED-NPI-0002

  @FED-NPI-0001 @FED-NPI-0003
  Scenario: A supervising NPI whose check digit is wrong is denied with the supervising provider's remark (N297)
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    And the claim names supervising NPI 1555555551
    When the claim is checked
    Then the claim has a finding by rule FED-NPI-0003 with severity error and CARC 207 and RARC N297
    And the claim has no finding by rule FED-NPI-0001

  @FED-NPI-0001 @FED-NPI-0002 @FED-NPI-0003
  Scenario: A claim whose NPIs all carry valid check digits passes the NPI check
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    And the claim names supervising NPI 1555555550
    When the claim is checked
    Then the claim has no finding by rule FED-NPI-0001
    And the claim has no finding by rule FED-NPI-0002
    And the claim has no finding by rule FED-NPI-0003
