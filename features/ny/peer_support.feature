@ny
Feature: New York peer support: CFTSS family and youth peer support, CORE, CRPA
  New York Medicaid pays family and youth peer support in CFTSS (members under 21, V), adult peer
  support in CORE and MHOTRS clinics, and CRPA services for substance use. The HCPCS code New
  York's plans expect is unknown: H0038, the national peer code, is inferred, so a line under
  another code is flagged, not denied. The peer must hold a New York peer credential current on
  the date of service, and the credential of the population the line serves: family lines by a
  family peer advocate, youth lines by a youth peer advocate (aged 18 to 30 when certified), SUD
  lines by a recovery peer advocate, adult mental health lines by a certified peer specialist.

  Background:
    Given a payer "NY-MEDICAID-FFS" of state NY kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001 @FED-CRED-0002 @FED-CRED-0004 @FED-ELIG-0002 @FED-ELIG-0004
  Scenario Outline: A line of each population New York pays for, rendered by its credential, is accepted but not fully checked (no limit or authorization rule encoded)
    Given a member "NY-100" born <born> enrolled in <program> from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2021-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-CRED-0004
    And the claim has no finding by rule FED-ELIG-0002
    And the claim has no finding by rule FED-ELIG-0004
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is not fully checked
    And the claim is accepted

    Examples:
      | population                     | born       | program     | credential | modifiers |
      | adult mental health (CORE)     | 1980-04-15 | NY-HARP     | NY-NYCPS   | none      |
      | adult mental health (clinic)   | 1980-04-15 | NY-MEDICAID | NY-NYCPS-P | HE        |
      | substance use (CRPA)           | 1975-09-01 | NY-MEDICAID | NY-CRPA    | HF        |
      | youth (CFTSS YPS)              | 2010-06-30 | NY-MEDICAID | NY-YPA     | HA        |
      | youth, provisional advocate    | 2010-06-30 | NY-MEDICAID | NY-YPA-P   | HA        |
      | family, child absent (FPSS)    | 2012-01-20 | NY-MEDICAID | NY-FPA     | HS        |
      | family, child present (FPSS)   | 2012-01-20 | NY-MEDICAID | NY-FPA-P   | HR        |

  @FED-COV-0007
  Scenario Outline: A CFTSS youth peer line (HA) is denied for a member aged 21 or more, on New York's own age (CFTSS: birth up to 21)
    Given a member "NY-101" born <born> enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-YPA issued 2021-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0007
    And the claim is <status>

    Examples:
      | age on the date      | born       | verdict        | status   |
      | 20, the day before 21 | 2005-03-03 | has no finding | accepted |
      | 21 that day           | 2005-03-02 | has a finding  | rejected |
      | 22                    | 2003-11-05 | has a finding  | rejected |

  @FED-CRED-0002
  Scenario Outline: A New York line rendered by a peer without a current New York credential is denied
    Given a member "NY-102" born 1980-04-15 enrolled in NY-MEDICAID from 2019-01-01 to open
    And <peer>
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7 and RARC N290
    And the claim is rejected

    Examples:
      | peer                                                                                   |
      | a peer with NPI 1234567893 holding no credential                                       |
      | a peer with NPI 1234567893 holding credential NY-CRPA-P issued 2024-01-01 expires 2025-06-30 |
      | a peer with NPI 1234567893 holding credential GA-CPS-AD issued 2020-01-01              |

  @FED-ELIG-0004
  Scenario: A member not enrolled in New York Medicaid on the date of service is denied
    Given a member "NY-103" born 1980-04-15 enrolled in NY-HARP from 2019-01-01 to 2025-12-31
    And a peer with NPI 1234567893 holding credential NY-NYCPS issued 2021-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0004 with severity error
    And the claim is rejected

  @FED-COV-0001
  Scenario: A line under another code than H0038 is flagged, not denied: New York's peer HCPCS code is inferred
    Given a member "NY-104" born 1980-04-15 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-NYCPS issued 2021-01-01
    And a claim line H2014 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001 with severity warning and CARC 96

  @FED-COV-0001
  Scenario: A New York H0038 line is a covered peer code
    Given a member "NY-104" born 1980-04-15 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-NYCPS issued 2021-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0001

  @FED-CRED-0004 @FED-CRED-0002
  Scenario Outline: A line rendered by a New York peer credentialed for another population is denied with the population's citation
    Given a member "NY-110" born <born> enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2021-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity error and CARC 185 and RARC N95
    And the claim has no finding by rule FED-CRED-0002
    And the claim is rejected

    Examples:
      | line                                     | born       | credential | modifiers |
      | family, by an adult-only peer specialist | 2012-01-20 | NY-NYCPS   | HS        |
      | SUD, by a mental-health-only specialist  | 1975-09-01 | NY-NYCPS   | HF        |
      | youth, by a family peer advocate         | 2010-06-30 | NY-FPA     | HA        |

  @FED-COV-0008
  Scenario Outline: A CFTSS family peer line is for a child under 21 (the member on the claim)
    Given a member "NY-111" born <born> enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-FPA issued 2021-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0008
    And the claim is <status>

    Examples:
      | member's age          | born       | verdict        | status   |
      | 20, the day before 21 | 2005-03-03 | has no finding | accepted |
      | 22                    | 2003-11-05 | has a finding  | rejected |

  @FED-CRED-0005
  Scenario Outline: A youth peer advocate certified between ages 18 and 30 qualifies
    Given a member "NY-112" born 2010-06-30 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 born <peer_born> holding credential NY-YPA issued 2021-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0005
    And the claim is accepted

    Examples:
      | peer's age when certified | peer_born  |
      | 18                        | 2003-01-01 |
      | 30                        | 1990-06-01 |

  @FED-CRED-0005
  Scenario: A youth peer advocate certified at 31 is flagged, not denied: the 18-30 bound is from the credentialing body (secondary)
    Given a member "NY-113" born 2010-06-30 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 born 1989-06-01 holding credential NY-YPA issued 2021-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0005 with severity warning and CARC 185
    And the claim is accepted

  @FED-CRED-0004
  Scenario: An adult mental health line by a recovery peer advocate is flagged, not denied: that adult lines need a certified peer specialist is secondary (PeerTAC)
    Given a member "NY-114" born 1980-04-15 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-CRPA issued 2021-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity warning and CARC 185
    And the claim is accepted
