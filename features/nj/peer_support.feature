@nj
Feature: New Jersey peer support for substance use disorder (H0038 HF)
  New Jersey pays peer recovery support as H0038 with the substance-use modifier HF, for
  members aged 18 or older enrolled in NJ-MEDICAID whose principal diagnosis is a substance
  use disorder (ICD-10-CM F10 to F19), rendered by a Certified Peer Recovery Specialist
  (NJ-CPRS), at most 16 units (four hours) a day.

  Background:
    Given a payer "NJ-DMAHS" of state NJ kind ffs
    And a member "NJ-100" born 1980-04-15 enrolled in NJ-MEDICAID from 2020-07-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NJ-CPRS issued 2020-07-01

  @NJ-COD-0001 @NJ-COV-0001 @NJ-LIM-0001 @FED-CRED-0002 @FED-COV-0004
  Scenario: A certified peer recovery specialist's HF session for an adult with an opioid use disorder is accepted
    Given the claim's principal diagnosis is F1120
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule NJ-COD-0001
    And the claim has no finding by rule NJ-COV-0001
    And the claim has no finding by rule NJ-LIM-0001
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0004
    And the claim is accepted

  @NJ-COD-0001
  Scenario Outline: Peer support is billed with the substance-use modifier HF
    Given a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule NJ-COD-0001

    Examples:
      | modifiers | verdict        |
      | HF        | has no finding |
      | HF HQ     | has no finding |
      | none      | has a finding  |
      | HE        | has a finding  |

  @NJ-COD-0001
  Scenario: Peer support billed without modifier HF is denied
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule NJ-COD-0001 with severity error and CARC 4
    And the claim is rejected

  @NJ-COV-0001
  Scenario Outline: The principal diagnosis is a substance use disorder
    Given the claim's principal diagnosis is <code>
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule NJ-COV-0001

    Examples:
      | code   | meaning                                    | verdict        |
      | F1020  | alcohol dependence, uncomplicated          | has no finding |
      | F17210 | nicotine dependence, cigarettes            | has no finding |
      | F1920  | other psychoactive substance dependence    | has no finding |
      | F331   | major depressive disorder, recurrent, mild | has a finding  |
      | F209   | schizophrenia, unspecified                 | has a finding  |

  @NJ-COV-0001
  Scenario: Peer support for a member whose principal diagnosis is not a substance use disorder is flagged, not denied (the F10-F19 reading is inferred)
    Given the claim's principal diagnosis is F331
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule NJ-COV-0001 with severity warning and CARC 11
    And the claim is not fully checked

  @NJ-LIM-0001
  Scenario Outline: A member receives at most 16 units of peer support a day
    Given a claim line H0038 with modifiers HF units <first> on 2026-03-02
    And a claim line H0038 with modifiers HF units <second> on <second date>
    When the claim is checked
    Then the claim <verdict> by rule NJ-LIM-0001

    Examples:
      | first | second | second date | units on 2026-03-02 | verdict        |
      | 8     | 8      | 2026-03-02  | 16                  | has no finding |
      | 8     | 9      | 2026-03-02  | 17                  | has a finding  |
      | 16    | 16     | 2026-03-03  | 16                  | has no finding |

  @NJ-LIM-0001
  Scenario: Units beyond 16 in a day, counting those paid before, are denied
    Given a history line H0038 with modifiers HF units 12 on 2026-03-02 by NPI 1234567893
    And a claim line H0038 with modifiers HF units 5 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule NJ-LIM-0001 with severity error and CARC 119

  @FED-COV-0004
  Scenario Outline: Peer support is for members aged 18 or older
    Given a member "NJ-101" born <birth> enrolled in NJ-MEDICAID from 2020-07-01 to open
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0004

    Examples:
      | birth      | age on 2026-03-02 | verdict        |
      | 2008-03-02 | 18                | has no finding |
      | 2008-03-03 | 17                | has a finding  |

  @FED-CRED-0002
  Scenario: A peer who is not a Certified Peer Recovery Specialist is flagged, not denied (no NJ credential was found)
    Given a peer with NPI 1987654328 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity warning and CARC B7
    And the claim is accepted
    And the claim is not fully checked
