@mi
Feature: Michigan peer support: what is checked and what is not
  Michigan's PIHPs and CMHSPs pay peer services by certified peer support specialists (mental
  health), peer recovery coaches (SUD), youth peer support specialists and parent support
  partners. Enrollment and the peer's credential are checked; the recovery coach code T1012 wants
  a recovery coach (a warning: one CMHSP's code page). H0038 as the peer code is an inference, and
  limits and authorization are unknown, so a claim is never silently accepted.

  Background:
    Given a payer "MI-MEDICAID-FFS" of state MI kind ffs
    And a billing provider with NPI 1122334455

  @FED-ELIG-0004 @FED-CRED-0002 @FED-COV-0001 @MI-CRED-0001
  Scenario: A certified peer support specialist's session for a Medicaid member is judged by the Michigan parameters
    Given a member "MI-100" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MI-CPSS issued 2019-01-01 expires 2027-12-31
    And the claim's principal diagnosis is F332
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0001
    And the claim has no finding by rule MI-CRED-0001
    And the claim is accepted

  @FED-ELIG-0004
  Scenario Outline: The member is in Michigan Medicaid or the children's SED waiver on the date of service
    Given a member "MI-101" born 2014-04-15 enrolled in <program> from 2019-01-01 to <end>
    And a peer with NPI 1234567893 holding credential MI-PSP issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | program     | end        | verdict        |
      | MI-MEDICAID | open       | has no finding |
      | MI-SEDW     | open       | has no finding |
      | MI-SEDW     | 2026-03-01 | has a finding  |
      | OH-MEDICAID | open       | has a finding  |

  @FED-CRED-0002
  Scenario Outline: The rendering peer holds a current Michigan peer credential
    Given a member "MI-102" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And a claim line H0038 with <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | modifiers         | expires    | verdict        |
      | MI-CPSS    | no modifiers      | never      | has no finding |
      | MI-CPRC    | modifiers HF      | never      | has no finding |
      | MI-YPS     | modifiers HA      | never      | has no finding |
      | MI-PSP     | modifiers HS      | never      | has no finding |
      | MI-CPSS    | no modifiers      | 2026-03-01 | has a finding  |
      | PA-CPS     | no modifiers      | never      | has a finding  |

  @FED-CRED-0002
  Scenario: A lapsed peer support specialist's line is denied with the credential's dates
    Given a member "MI-102" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MI-CPSS issued 2019-01-01 expires 2026-01-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7
    And the claim is rejected

  @MI-CRED-0001
  Scenario Outline: The recovery coach code T1012 is rendered by a certified peer recovery coach (a warning)
    Given a member "MI-103" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And the claim's principal diagnosis is F1120
    And a claim line <code> with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule MI-CRED-0001
    And the claim is accepted

    Examples:
      | credential | code  | verdict        |
      | MI-CPRC    | T1012 | has no finding |
      | MI-CPSS    | H0038 | has no finding |
      | MI-CPSS    | T1012 | has a finding  |

  @MI-CRED-0001
  Scenario: T1012 by a peer support specialist is a warning naming the doubt, not a denial
    Given a member "MI-103" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MI-CPSS issued 2019-01-01
    And a claim line T1012 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule MI-CRED-0001 with severity warning and CARC 185
    And the claim is accepted

  @FED-COV-0001
  Scenario: A line billed with a code this pack does not read as a Michigan peer code is flagged
    Given a member "MI-104" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MI-CPSS issued 2019-01-01
    And a claim line H0046 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001

  @FED-SCOPE-0001
  Scenario: A Michigan peer support claim is accepted but not fully checked: no Michigan limit or authorization rule
    Given a member "MI-100" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MI-CPSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-CRED-0004
  Scenario Outline: Each population's line is rendered by its own Michigan peer type
    Given a member "MI-105" born <born> enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And a claim line H0038 with <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0004
    And the claim is accepted

    Examples:
      | born       | credential | modifiers    |
      | 1980-04-15 | MI-CPSS    | no modifiers |
      | 1980-04-15 | MI-CPRC    | modifiers HF |
      | 2010-04-15 | MI-YPS     | modifiers HA |
      | 2014-04-15 | MI-PSP     | modifiers HS |

  @FED-CRED-0004
  Scenario Outline: Another population's peer type is flagged, not denied: which type renders which population is secondary in Michigan
    Given a member "MI-105" born <born> enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And a claim line H0038 with <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity warning and CARC 185
    And the claim is accepted

    Examples:
      | born       | credential | modifiers    |
      | 1980-04-15 | MI-CPSS    | modifiers HF |
      | 2010-04-15 | MI-CPSS    | modifiers HA |
      | 2014-04-15 | MI-CPRC    | modifiers HS |
      | 1980-04-15 | MI-YPS     | no modifiers |

  @FED-CRED-0005
  Scenario Outline: A youth peer support specialist is 18 to 27 when first certified
    Given a member "MI-106" born 2010-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 born <peer born> holding credential MI-YPS issued 2024-02-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0005

    Examples:
      | peer born  | age when certified |
      | 2006-02-01 | 18                 |
      | 1996-02-02 | 27                 |

  @FED-CRED-0005
  Scenario Outline: A youth peer support specialist certified outside 18 to 27 is flagged, not denied (the bound is secondary)
    Given a member "MI-106" born 2010-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 born <peer born> holding credential MI-YPS issued 2024-02-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0005 with severity warning
    And the claim is accepted

    Examples:
      | peer born  | age when certified |
      | 1996-02-01 | 28                 |
      | 2006-02-02 | 17                 |
