@federal
Feature: Codes come from the external code sets and the claim balances
  Procedures are HCPCS Level II codes in force on the date of service (groups G, H, S, T of the
  CMS file; G0140 from 2024-01-01); a CPT code is not checked against a code set, and a valid code
  that is not a peer support code is a coverage finding, not an invalid code,
  modifiers are HCPCS modifiers, diagnoses are billable ICD-10-CM codes, and the claim's total
  charge (CLM02) is the sum of its lines' charges.

  Background:
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01

  @FED-HCPCS-0001
  Scenario Outline: A procedure must be a HCPCS code in force on the date of service
    Given a claim line <procedure> with no modifiers units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule FED-HCPCS-0001

    Examples:
      | procedure | meaning                                    | date       | verdict        |
      | H0038     | peer support                               | 2026-03-02 | has no finding |
      | H9999     | no such HCPCS code                         | 2026-03-02 | has a finding  |
      | G0140     | not yet a code                             | 2023-12-31 | has a finding  |
      | G0140     | a code from 2024-01-01                     | 2024-01-01 | has no finding |
      | H0004     | a valid HCPCS code, not peer support       | 2026-03-02 | has no finding |
      | T1017     | a valid HCPCS code, not peer support       | 2026-03-02 | has no finding |
      | 90837     | a CPT code: not checked                    | 2026-03-02 | has no finding |
      | A0425     | a HCPCS group the code set does not ship   | 2026-03-02 | has no finding |
      | HOO38     | letters, not a code                        | 2026-03-02 | has a finding  |

  @FED-HCPCS-0001 @FED-COV-0001
  Scenario Outline: A valid code that is not a peer support code is not covered (96/N130), not invalid (181)
    Given a claim line <procedure> with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001 with severity error and CARC 96 and RARC N130
    And the claim has no finding by rule FED-HCPCS-0001
    And the claim is rejected

    Examples:
      | procedure | meaning                               |
      | 90837     | CPT psychotherapy, 60 minutes         |
      | H0004     | behavioral health counseling, HCPCS   |

  @FED-HCPCS-0001 @FED-COV-0001
  Scenario: A procedure code that is not a HCPCS code is one invalid-code finding, not also a coverage finding
    Given a claim line H9999 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-HCPCS-0001 with severity error and CARC 181
    And the claim has no finding by rule FED-COV-0001

  @FED-HCPCS-0001
  Scenario: A procedure code that is not a HCPCS code is denied
    Given a claim line H9999 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-HCPCS-0001 with severity error and CARC 181

  @FED-HCPCS-0002
  Scenario Outline: Every modifier must be a HCPCS Level II modifier (a CPT modifier is not checked)
    Given a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-HCPCS-0002

    Examples:
      | modifiers | meaning                                  | verdict        |
      | HQ        | group                                    | has no finding |
      | HQ ZZ     | ZZ is no HCPCS modifier                  | has a finding  |
      | HX        | valid HCPCS modifier, not a peer one     | has no finding |
      | KX        | valid HCPCS modifier, not a peer one     | has no finding |
      | 59        | a CPT modifier: not checked              | has no finding |
      | H9        | court-ordered (CMS 2019 file)            | has no finding |
      | Y1        | no such modifier                         | has a finding  |

  @FED-HCPCS-0002 @FED-MOD-0001
  Scenario: A line carrying a modifier that is not in the modifier list is flagged as invalid, not denied (the list is secondary)
    Given a claim line H0038 with modifiers ZZ units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-HCPCS-0002 with severity warning and CARC 182
    And the claim has no finding by rule FED-MOD-0001
    And the claim is not fully checked

  @FED-HCPCS-0002 @FED-MOD-0001
  Scenario Outline: A valid modifier that is not billed on peer support is a coverage finding (CARC 4), not an invalid code (182)
    Given a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-MOD-0001 with severity warning and CARC 4
    And the claim has no finding by rule FED-HCPCS-0002

    Examples:
      | modifiers | meaning                                   |
      | HX        | HCPCS Level II, not a peer modifier       |
      | KX        | HCPCS Level II, not a peer modifier       |
      | 59        | a CPT modifier, not a peer modifier       |
      | HQ XE     | a group line with an X modifier           |

  @FED-MOD-0001
  Scenario Outline: The modifiers of peer services pass the coverage check
    Given a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-MOD-0001

    Examples:
      | modifiers |
      | none      |
      | HQ        |
      | HE GT     |
      | 95        |

  @FED-ICD-0001
  Scenario Outline: Every diagnosis must be a billable ICD-10-CM code
    Given the claim's principal diagnosis is <code>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ICD-0001

    Examples:
      | code  | meaning                                    | verdict        |
      | F1120 | opioid dependence, uncomplicated           | has no finding |
      | F331  | major depressive disorder, recurrent, mild | has no finding |
      | F11   | a category, not a billable code            | has a finding  |
      | XX999 | not a code                                 | has a finding  |

  @FED-ICD-0001
  Scenario: A diagnosis that is a category rather than a billable code is denied
    Given the claim's principal diagnosis is F11
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ICD-0001 with severity error and CARC 16
    And the claim is rejected

  @FED-BAL-0001
  Scenario: A claim whose total charge is not the sum of its lines is denied
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 charging 60.00
    And the claim's total charge is 75.00
    When the claim is checked
    Then the claim has a finding by rule FED-BAL-0001 with severity error and CARC 16
    And the claim is rejected

  @FED-BAL-0001
  Scenario: A claim whose total charge is the sum of its lines balances
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 charging 60.00
    And a claim line H0038 with modifiers HQ units 4 on 2026-03-02 charging 15.00
    And the claim's total charge is 75.00
    When the claim is checked
    Then the claim has no finding by rule FED-BAL-0001
