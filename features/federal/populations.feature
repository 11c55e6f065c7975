@federal @ny @va @ct
Feature: Youth, family and SUD peer support: the population's credentials and ages
  A line serves one population, read from its modifiers (HF substance use, HA youth, HS or HR
  family, else adult mental health). Where the state's pack lists the credentials that render a
  population, a peer holding only another population's credential may not render the line (a
  family line by an adult-only peer, an SUD line by a mental-health-only peer: CARC 185, N95).
  Where it gives the member ages a population is paid for, a member outside them is denied
  (CARC 6, N129). A youth peer credential may bound the peer's own age when certified: where the
  peer's date of birth is on file, a peer certified outside the bounds does not qualify. Each
  denies on the state's verified fact and only warns on a weaker one. The test pack "zy" states
  these facts synthetically.

  Background:
    Given the rule packs include the test pack "zy", which lists credentials and ages per population
    And a payer "ZY-MEDICAID" of state ZY kind ffs
    And a billing provider with NPI 1122334455

  @FED-CRED-0004
  Scenario Outline: A peer holding a credential the state lists for the line's population may render it
    Given a member "ZY-100" born <birth> enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2021-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0004

    Examples:
      | population                     | modifiers | birth      | credential       |
      | adult mental health            | none      | 1980-04-15 | ZY-CPS           |
      | adult mental health (national) | HE        | 1980-04-15 | US-MHA-NCPS      |
      | substance use                  | HF        | 1980-04-15 | ZY-CRPS          |
      | substance use (national)       | HF        | 1980-04-15 | US-NAADAC-NCPRSS |
      | substance use (IC&RC)          | HF        | 1980-04-15 | US-ICRC-PR       |
      | youth                          | HA        | 2012-05-01 | ZY-YPS           |
      | family, member absent          | HS        | 2012-05-01 | ZY-FPS           |
      | family, member present         | HR        | 2012-05-01 | ZY-FPS           |

  @FED-CRED-0004
  Scenario Outline: An SUD line by a mental-health-only peer, or a youth line by an adult peer, is denied with the state's citation
    Given a member "ZY-100" born <birth> enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2021-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity error and CARC 185 and RARC N95
    And the finding by rule FED-CRED-0004 says "<words>"
    And the claim is rejected

    Examples:
      | line                           | modifiers | birth      | credential  | words                                             |
      | substance use, by an MH peer   | HF        | 1980-04-15 | ZY-CPS      | Source: Synthetic ZY rule 2.2                     |
      | substance use, by a national MH | HF       | 1980-04-15 | US-MHA-NCPS | accepted for it: ZY-CRPS, US-NAADAC-NCPRSS        |
      | youth, by an adult peer        | HA        | 2012-05-01 | ZY-CPS      | no credential ZY accepts for youth peer support   |
      | adult, by a youth peer         | none      | 1980-04-15 | ZY-YPS      | held: ZY-YPS                                      |

  @FED-CRED-0004
  Scenario: A family line by an adult-only peer is flagged, not denied, where only-the-family-credential is inferred
    Given a member "ZY-100" born 2012-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential ZY-CPS issued 2021-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity warning and CARC 185
    And the finding by rule FED-CRED-0004 says "Not a denial"
    And the claim is accepted

  @FED-CRED-0004
  Scenario Outline: A peer holding none of the state's credentials, or only an expired one, is not judged as the wrong peer type
    Given a member "ZY-100" born 1980-04-15 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding <held>
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0004

    Examples:
      | held                                                         |
      | no credential                                                |
      | credential ZY-CPS issued 2021-01-01 expires 2025-12-31       |
      | credential GA-CPS-MH issued 2021-01-01                       |

  @FED-COV-0008
  Scenario Outline: The member's age fits the ages the state pays the line's population for
    Given a member "ZY-100" born <birth> enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2021-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0008

    Examples:
      | population (ages)       | modifiers | credential | birth      | age | verdict        |
      | mental health (18+)     | none      | ZY-CPS     | 2008-03-02 | 18  | has no finding |
      | substance use (16+)     | HF        | ZY-CRPS    | 2010-03-02 | 16  | has no finding |
      | youth (12 to 20)        | HA        | ZY-YPS     | 2014-03-02 | 12  | has no finding |
      | youth over 20: FED-COV-0007's | HA  | ZY-YPS     | 2000-01-01 | 26  | has no finding |
      | family (up to 20)       | HS        | ZY-FPS     | 2005-03-03 | 20  | has no finding |
      | family (up to 20)       | HR        | ZY-FPS     | 2005-03-02 | 21  | has a finding  |
      | youth (12 to 20)        | HA        | ZY-YPS     | 2014-03-03 | 11  | has a finding  |

  @FED-COV-0008
  Scenario: An adult-only service for a 17-year-old is denied with the state's citation
    Given a member "ZY-100" born 2008-03-03 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential ZY-CPS issued 2021-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0008 with severity error and CARC 6 and RARC N129
    And the finding by rule FED-COV-0008 says "must be at least 18. Source: Synthetic ZY manual 1.1"
    And the claim is rejected

  @FED-COV-0008
  Scenario: An age resting on a secondary source is flagged, not denied
    Given a member "ZY-100" born 2010-03-03 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential ZY-CRPS issued 2021-01-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0008 with severity warning and CARC 6
    And the finding by rule FED-COV-0008 says "Not a denial"

  @FED-CRED-0005
  Scenario Outline: A youth peer's own age when first certified is within the credential's bounds
    Given a member "ZY-100" born 2012-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 born <born> holding credential ZY-YPS issued <issued>
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0005

    Examples:
      | born       | issued     | age when certified | verdict        |
      | 1995-06-01 | 2021-01-01 | 25                 | has no finding |
      | 1990-01-01 | 2020-12-31 | 30                 | has no finding |
      | 1990-01-01 | 2021-01-01 | 31                 | has a finding  |
      | 2003-01-02 | 2021-01-01 | 17                 | has a finding  |

  @FED-CRED-0005
  Scenario: Where the peer's date of birth is not on file, the bound is not checked and nothing is said
    Given a member "ZY-100" born 2012-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential ZY-YPS issued 2021-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0005

  @FED-CRED-0005
  Scenario: A peer certified too old is denied, naming the birth date, the age and the state's source
    Given a member "ZY-100" born 2012-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 born 1990-01-01 holding credential ZY-YPS issued 2022-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0005 with severity error and CARC 185 and RARC N95
    And the finding by rule FED-CRED-0005 says "(born 1990-01-01) was 32 when first certified ZY-YPS on 2022-01-01"
    And the finding by rule FED-CRED-0005 says "Synthetic ZY rule 5.1"
    And the claim is rejected

  @FED-CRED-0005
  Scenario: A renewal recorded as a further credential keeps the first certification date
    Given a member "ZY-100" born 2012-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 born 1990-01-01 holding credential ZY-YPS issued 2019-06-01 expires 2021-05-31
    And a peer with NPI 1234567893 holding credential ZY-YPS issued 2021-06-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0005

  @FED-CRED-0005
  Scenario: A bound resting on a secondary source is flagged, not denied
    Given a member "ZY-100" born 2012-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 born 1990-01-01 holding credential ZY-YPT issued 2020-01-01
    And a peer with NPI 1234567893 holding credential ZY-CPS issued 2020-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0005 with severity warning and CARC 185
    And the finding by rule FED-CRED-0005 says "Not a denial"

  @FED-CRED-0005
  Scenario: Another youth credential within its bounds qualifies the peer
    Given a member "ZY-100" born 2012-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 born 1990-01-01 holding credential ZY-YPT issued 2020-01-01
    And a peer with NPI 1234567893 holding credential ZY-YPS issued 2020-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0005

  @FED-COV-0008
  Scenario Outline: New York family peer support (CFTSS) and Virginia's ARTS and family support partners, by age
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-100" born <birth> enrolled in <program> from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0008

    Examples:
      | state | payer           | program     | credential | modifiers | birth      | verdict                             |
      | NY    | NY-MEDICAID-FFS | NY-MEDICAID | NY-FPA     | HS        | 2005-03-03 | has no finding                      |
      | NY    | NY-MEDICAID-FFS | NY-MEDICAID | NY-FPA     | HS        | 2004-03-01 | has a finding                       |
      | VA    | VA-MEDICAID-FFS | VA-MEDICAID | VA-PRS     | HF        | 2005-03-02 | has no finding                      |
      | VA    | VA-MEDICAID-FFS | VA-MEDICAID | VA-PRS     | HF        | 2006-03-03 | has a finding                       |
      | CT    | CT-MEDICAID-FFS | CT-MHW      | CT-RSS     | none      | 2005-03-03 | has no finding                      |

  @FED-COV-0008
  Scenario: A New York family peer support line (CFTSS) for a 22-year-old member is denied with New York's citation
    Given a payer "NY-MEDICAID-FFS" of state NY kind ffs
    And a member "NY-100" born 2004-03-01 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-FPA issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0008 with severity error and CARC 6 and RARC N129
    And the finding by rule FED-COV-0008 says "CFTSS Provider Manual"
    And the claim is rejected

  @FED-COV-0005 @FED-CRED-0004 @FED-COV-0008
  Scenario Outline: A family line with or without the member present is paid where the state pays family peer support
    Given a member "ZY-100" born 2014-05-01 enrolled in ZY-MEDICAID from 2020-01-01 to open
    And a peer with NPI 1234567893 holding credential ZY-FPS issued 2021-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0005
    And the claim has no finding by rule FED-CRED-0004
    And the claim has no finding by rule FED-COV-0008
    And the claim is accepted

    Examples:
      | family line            | modifiers |
      | without the member, HS | HS        |
      | with the member, HR    | HR        |
