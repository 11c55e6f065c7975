@va
Feature: Virginia peer support: what is checked and what is not
  Virginia Medicaid pays peer support (mental health and ARTS, 21 and older) and family support
  partners (caregivers of members under 21), rendered by Peer Recovery Specialists registered with
  the Board of Counseling, under a service authorization, at most 16 units (four hours) a day and
  900 hours a calendar year, in groups of at most 10 per specialist (12VAC30-130-5210). The
  billing code was not read: the rules apply to H0038 lines, an inference.

  Background:
    Given a payer "VA-MEDICAID-FFS" of state VA kind ffs
    And a billing provider with NPI 1122334455

  @FED-ELIG-0004 @FED-CRED-0002 @FED-AUTH-0001 @FED-COV-0001 @VA-LIM-0001
  Scenario: A registered peer recovery specialist's authorized session is accepted
    Given a member "VA-100" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01 expires 2027-12-31
    And an authorization "VA-SA-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-AUTH-0001
    And the claim has no finding by rule FED-COV-0001
    And the claim has no finding by rule VA-LIM-0001
    And the claim is accepted

  @FED-ELIG-0004
  Scenario Outline: The member is enrolled in Virginia Medicaid on the date of service
    Given a member "VA-101" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to <enrollment end>
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | enrollment end | verdict        |
      | open           | has no finding |
      | 2026-03-02     | has no finding |
      | 2026-03-01     | has a finding  |

  @FED-CRED-0002
  Scenario Outline: The rendering peer is a registered peer recovery specialist
    Given a member "VA-102" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And an authorization "VA-SA-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires    | verdict        |
      | VA-PRS     | never      | has no finding |
      | VA-PRS     | 2026-03-01 | has a finding  |
      | OH-CPRS    | never      | has a finding  |

  @FED-AUTH-0001
  Scenario Outline: Peer support needs a service authorization for the date of service
    Given a member "VA-103" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-1" for H0038 with no modifiers units 96 from <start> to <end>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-AUTH-0001

    Examples:
      | start      | end        | verdict        |
      | 2026-01-01 | 2026-06-30 | has no finding |
      | 2025-07-01 | 2026-03-01 | has a finding  |

  @FED-COV-0001
  Scenario: A line billed with another code than the one this pack reads as Virginia's peer support code is flagged
    Given a member "VA-104" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And a claim line T1012 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001

  @VA-LIM-0001
  Scenario Outline: Peer support is limited to 16 units (four hours) a day, across claims
    Given a member "VA-105" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-06-30
    And a history line H0038 with no modifiers units <earlier units> on 2026-03-02 by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule VA-LIM-0001

    Examples:
      | earlier units | units that day | verdict        |
      | 8             | 16             | has no finding |
      | 9             | 17             | has a finding  |

  @VA-LIM-0002
  Scenario Outline: Peer support is limited to 900 hours (3,600 units) a calendar year
    Given a member "VA-106" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-1" for H0038 with no modifiers units 4000 from 2026-01-01 to 2026-12-31
    And a history line H0038 with no modifiers units <earlier units> on <earlier date> by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-11-02
    When the claim is checked
    Then the claim <verdict> by rule VA-LIM-0002

    Examples:
      | earlier units | earlier date | meaning                         | verdict        |
      | 3592          | 2026-10-01   | 3,600 units in 2026             | has no finding |
      | 3593          | 2026-10-01   | 3,601 units in 2026             | has a finding  |
      | 3593          | 2025-12-31   | the earlier units are last year | has no finding |

  @VA-LIM-0003
  Scenario Outline: A group session has at most 10 members per peer recovery specialist
    Given a member "VA-107" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-1" for H0038 with modifiers HQ units 96 from 2026-01-01 to 2026-06-30
    And history lines H0038 with modifiers HQ units 4 on 2026-03-02 by NPI 1234567893 for <others> other members
    And a claim line H0038 with modifiers HQ units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule VA-LIM-0003

    Examples:
      | others | members in the session | verdict        |
      | 9      | 10                     | has no finding |
      | 10     | 11                     | has a finding  |

  @VA-LIM-0003
  Scenario: An eleventh member in one peer's group sessions of a day is flagged, not denied: the 837 has no group size, so the session is inferred from the lines
    Given a member "VA-108" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-1" for H0038 with modifiers HQ units 96 from 2026-01-01 to 2026-06-30
    And history lines H0038 with modifiers HQ units 4 on 2026-03-02 by NPI 1234567893 for 10 other members
    And a claim line H0038 with modifiers HQ units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule VA-LIM-0003 with severity warning and CARC 151
    And the claim is accepted

  @FED-COV-0005
  Scenario: A Virginia individual youth peer line is warned, not denied: that it is not covered is an inference
    Given a member "VA-110" born 2012-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-9" for H0038 with modifiers HA units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-COV-0005 with severity warning
    And the claim is accepted

  @FED-SCOPE-0002
  Scenario: A Virginia claim dated before the pack's supported range is accepted but not fully checked
    Given a member "VA-111" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-9" for H0038 with no modifiers units 96 from 2018-01-01 to 2018-12-31
    And a claim line H0038 with no modifiers units 4 on 2018-06-01
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0002 with severity warning
    And the claim is accepted

  @FED-COV-0005 @FED-CRED-0002 @FED-AUTH-0001 @VA-LIM-0001
  Scenario Outline: ARTS peer support for an adult and family support partners for a child's caregiver are paid populations
    Given a member "VA-112" born <born> enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-12" for H0038 with modifiers <modifiers> units 96 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0005
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-AUTH-0001
    And the claim has no finding by rule VA-LIM-0001
    And the claim is fully checked
    And the claim is accepted

    Examples:
      | born       | modifiers | population                                  |
      | 1990-01-30 | HF        | ARTS peer support, member aged 36           |
      | 2013-12-02 | HS        | family support partner, member aged 12      |
      | 2013-12-02 | HR        | family support partner with the member there |

  @FED-COV-0008
  Scenario Outline: ARTS peer support is for members 21 or older, family support partners for caregivers of members under 21
    Given a member "VA-113" born <born> enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-13" for H0038 with modifiers <modifiers> units 96 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0008

    Examples:
      | born       | modifiers | age on 2026-03-02 |
      | 2005-03-02 | HF        | 21                |
      | 2005-03-03 | HS        | 20                |
      | 2005-03-03 | HR        | 20                |

  @FED-COV-0008
  Scenario Outline: An ARTS line for a member under 21, or a family support partner line for a member 21 or older, is denied with Virginia's citation
    Given a member "VA-114" born <born> enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And an authorization "VA-SA-14" for H0038 with modifiers <modifiers> units 96 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0008 with severity error and CARC 6 and RARC N129
    And the finding by rule FED-COV-0008 says "12VAC30-130-5180"
    And the claim is rejected

    Examples:
      | born       | modifiers | age on 2026-03-02 |
      | 2005-03-03 | HF        | 20                |
      | 2005-03-02 | HS        | 21                |
