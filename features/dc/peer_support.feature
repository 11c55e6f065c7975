@dc
Feature: District of Columbia peer support (MHRS, H0038)
  The District pays peer support as Mental Health Rehabilitation Services (MHRS) for adults,
  children and youth and their families, rendered by Certified Peer Specialists; its
  reimbursement table lists H0038 alone and with HQ (group), HS (family without the consumer)
  or both, and no other modifier. The District's SUD peer support is not covered per one
  secondary report: that alone gives a warning, not a denial.

  Background:
    Given a payer "DC-MCD" of state DC kind ffs
    And a member "DC-100" born 1980-04-15 enrolled in DC-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential DC-CPS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A District of Columbia claim is accepted but not fully checked: the District encodes no credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0005 @DC-COD-0001
  Scenario: A substance use line (HF) is denied because the MHRS table has no H0038 HF row; that SUD peer support is not covered is only a warning (secondary source)
    Given a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0005 with severity warning
    And the claim has a finding by rule DC-COD-0001 with severity error and CARC 4
    And the claim is rejected

  @DC-COD-0001 @FED-SCOPE-0001
  Scenario Outline: Each H0038 row of the MHRS table is accepted (not fully checked: no limit or authorization rule), for each population the District pays for
    Given a member "DC-102" born <born> enrolled in DC-MEDICAID from 2019-01-01 to open
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule DC-COD-0001
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

    Examples:
      | population                         | born       | modifiers |
      | adult mental health                | 1980-04-15 | none      |
      | youth (billed as H0038)            | 2010-02-02 | none      |
      | family, without the consumer       | 2012-07-07 | HS        |
      | group                              | 1980-04-15 | HQ        |
      | family group                       | 2012-07-07 | HQ HS     |
      | adult, by video (delivery modifier) | 1980-04-15 | GT        |

  @DC-COD-0001
  Scenario Outline: An H0038 line with a modifier the MHRS table does not pair with H0038 is denied
    Given a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule DC-COD-0001 with severity error and CARC 4
    And the claim is rejected

    Examples:
      | what                                   | modifiers |
      | family with the consumer present (HR)  | HR        |
      | youth program modifier (HA)            | HA        |
      | mental health program modifier (HE)    | HE        |
      | group family with the consumer present | HQ HR     |

  @FED-CRED-0004
  Scenario Outline: One certification renders every population: a Certified Peer Specialist, with or without the family designation, may render each line the District pays for
    Given a member "DC-103" born <born> enrolled in DC-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1110000027 holding credential <credential> issued 2021-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02 rendered by NPI 1110000027
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0004
    And the claim is accepted

    Examples:
      | line                 | born       | credential | modifiers |
      | adult                | 1980-04-15 | DC-CPS     | none      |
      | family, by a CPS     | 2012-07-07 | DC-CPS     | HS        |
      | family, by a CPS-F   | 2012-07-07 | DC-CPS-F   | HS        |
      | adult, by a CPS-F    | 1980-04-15 | DC-CPS-F   | none      |

  @FED-CRED-0002
  Scenario Outline: The rendering peer must be a District Certified Peer Specialist current on the date
    Given a peer with NPI 1110000027 holding <credential>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1110000027
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential                                              | verdict        |
      | credential DC-CPS issued 2021-01-01                     | has no finding |
      | credential DC-CPS issued 2021-01-01 expires 2025-12-31  | has a finding  |
      | no credential                                           | has a finding  |

  @FED-COV-0001
  Scenario Outline: The District's MHRS peer code is H0038
    Given a claim line <procedure> with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0001

    Examples:
      | procedure | modifiers | verdict        |
      | H0038     | none      | has no finding |
      | H0038     | HQ HS     | has no finding |
      | H0025     | none      | has a finding  |

  @FED-ELIG-0004
  Scenario: Peer support for a member not enrolled in District Medicaid on the date of service is denied
    Given a member "DC-101" born 1980-04-15 enrolled in DC-MEDICAID from 2019-01-01 to 2026-01-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0004 with severity error and CARC 27
    And the claim is rejected

  @FED-ELIG-0004 @FED-COV-0001
  Scenario: An enrolled member's H0038 session passes the District's enrollment and code checks
    Given a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule FED-COV-0001
    And the claim is accepted

  @FED-COV-0002
  Scenario Outline: A District peer line at a place of service outside the federal list gets a warning
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 at place of service <place>
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0002

    Examples:
      | place | meaning            | verdict        |
      | 11    | office             | has no finding |
      | 21    | inpatient hospital | has a finding  |
