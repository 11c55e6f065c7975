@federal
Feature: The service is one the state covers, where, how and for whom it is billed
  A line's procedure must be one the state pack covers; peer support is billed at a place of
  service in the CMS code set in force on the date of service (10 from 2022-01-01, 27 from
  2023-10-01); a per-15-minute procedure is billed in units (SV103 UN); and the member is at
  least the state's minimum age on the date of service (Connecticut 22, Texas 21, New Jersey 18).

  @FED-COV-0001
  Scenario Outline: Only the procedures the state covers for peer support are paid
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born 1980-04-15 enrolled in <program> from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a claim line <procedure> with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0001

    @nc
    Examples: North Carolina
      | state | payer  | program     | procedure | verdict        |
      | NC    | NC-DHB | NC-MEDICAID | H0038     | has no finding |
      | NC    | NC-DHB | NC-MEDICAID | H0039     | has a finding  |

    @wa
    Examples: Washington
      | state | payer  | program     | procedure | verdict        |
      | WA    | WA-HCA | WA-MEDICAID | H0038     | has no finding |
      | WA    | WA-HCA | WA-MEDICAID | H2014     | has a finding  |

  @FED-COV-0001 @nc
  Scenario: A procedure the state does not cover for peer support is denied as not covered
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0039 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001 with severity error and CARC 96
    And the claim is rejected

  @FED-COV-0002
  Scenario Outline: Peer support is billed at a place of service where it can be billed
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with no modifiers units 4 on <date> at place of service <place>
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0002

    @nc
    Examples:
      | place | meaning                 | date       | verdict        |
      | 11    | office                  | 2026-03-02 | has no finding |
      | 21    | inpatient hospital      | 2026-03-02 | has a finding  |
      | 10    | telehealth in the home  | 2021-12-31 | has no finding |
      | 10    | telehealth in the home  | 2022-01-01 | has no finding |
      | 27    | outreach site or street | 2023-09-30 | has no finding |
      | 27    | outreach site or street | 2023-10-01 | has no finding |

  @FED-COV-0002 @FED-POS-0001
  Scenario Outline: A place of service code that did not exist yet on the date of service is a code-set error, not a coverage warning
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with no modifiers units 4 on <date> at place of service <place>
    When the claim is checked
    Then the claim has a finding by rule FED-POS-0001 with severity error and CARC 16 and RARC M77
    And the claim has no finding by rule FED-COV-0002
    And the claim is rejected

    @nc
    Examples:
      | place | meaning                 | date       |
      | 10    | telehealth in the home  | 2021-12-31 |
      | 27    | outreach site or street | 2023-09-30 |

  @FED-POS-0001
  Scenario Outline: A place of service code in the code set on the date of service passes the code-set check
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with no modifiers units 4 on <date> at place of service <place>
    When the claim is checked
    Then the claim has no finding by rule FED-POS-0001

    @nc
    Examples:
      | place | meaning                 | date       |
      | 10    | telehealth in the home  | 2022-01-01 |
      | 27    | outreach site or street | 2023-10-01 |
      | 02    | telehealth, not at home | 2021-12-31 |
      | 21    | inpatient hospital      | 2026-03-02 |

  @FED-COV-0002 @nc
  Scenario: A place of service outside the code set is a warning that does not deny the claim
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 at place of service 21
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0002 with severity warning and CARC 5
    And the claim is accepted

  @FED-COV-0003
  Scenario Outline: A per-15-minute procedure is billed in units
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 in unit basis <basis>
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0003

    @nc
    Examples:
      | basis | meaning | verdict        |
      | UN    | units   | has no finding |
      | MJ    | minutes | has a finding  |

  @FED-COV-0003 @nc
  Scenario: A per-15-minute procedure billed in minutes is flagged, not denied (the unit basis rule is inferred)
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0038 with no modifiers units 60 on 2026-03-02 in unit basis MJ
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0003 with severity warning and CARC 16
    And the claim is not fully checked

  @FED-COV-0004
  Scenario Outline: The member is at least the state's minimum age on the date of service
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born <birth> enrolled in <program> from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0004

    @ct
    Examples: Connecticut, 22 and older
      | state | payer  | program | birth      | modifiers | age on 2026-03-02 | verdict        |
      | CT    | CT-DSS | CT-MHW  | 2004-03-02 | none      | 22                | has no finding |
      | CT    | CT-DSS | CT-MHW  | 2004-03-03 | none      | 21                | has a finding  |

    @tx
    Examples: Texas, 21 and older
      | state | payer   | program     | birth      | modifiers | age on 2026-03-02 | verdict        |
      | TX    | TX-HHSC | TX-MEDICAID | 2005-03-02 | none      | 21                | has no finding |
      | TX    | TX-HHSC | TX-MEDICAID | 2005-03-03 | none      | 20                | has a finding  |

    @nj
    Examples: New Jersey, 18 and older
      | state | payer    | program     | birth      | modifiers | age on 2026-03-02 | verdict        |
      | NJ    | NJ-DMAHS | NJ-MEDICAID | 2008-03-02 | HF        | 18                | has no finding |
      | NJ    | NJ-DMAHS | NJ-MEDICAID | 2008-03-03 | HF        | 17                | has a finding  |
