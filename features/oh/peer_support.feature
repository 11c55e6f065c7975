@oh
Feature: Ohio peer support: what is checked and what is not
  Ohio Medicaid covers peer support for mental health or SUD needs (OAC 5160-27-14), the service of
  OAC 5122-29-15: for individuals of any age and their caregivers and families, rendered by any
  OhioMHAS-certified peer supporter (CPRS, CYPS or CFPS). More than four hours a day need prior
  authorization, and the claim carries a mental illness or SUD diagnosis. The procedure code was
  not read: the rules apply to H0038 lines, an inference.

  Background:
    Given a payer "OH-MEDICAID-FFS" of state OH kind ffs
    And a billing provider with NPI 1122334455

  @FED-ELIG-0004 @FED-CRED-0002 @FED-COV-0001 @OH-LIM-0001
  Scenario: A certified peer recovery supporter's session of up to four hours is accepted
    Given a member "OH-100" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01 expires 2027-12-31
    And a claim line H0038 with no modifiers units 16 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0001
    And the claim has no finding by rule OH-LIM-0001
    And the claim is accepted

  @FED-ELIG-0004
  Scenario Outline: The member is enrolled in Ohio Medicaid on the date of service
    Given a member "OH-101" born 1980-04-15 enrolled in OH-MEDICAID from <enrollment start> to open
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | enrollment start | verdict        |
      | 2026-03-02       | has no finding |
      | 2026-03-03       | has a finding  |

  @FED-CRED-0002
  Scenario Outline: The rendering peer holds an OhioMHAS peer credential current on the date of service
    Given a member "OH-102" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires    | verdict        |
      | OH-CPRS    | never      | has no finding |
      | OH-CYPS    | never      | has no finding |
      | OH-CFPS    | never      | has no finding |
      | OH-CPRS    | 2026-03-01 | has a finding  |
      | VA-PRS     | never      | has a finding  |

  @FED-COV-0001
  Scenario: A line billed with another code than the one this pack reads as Ohio's peer recovery code is flagged
    Given a member "OH-103" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01
    And a claim line T1016 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001

  @OH-LIM-0001
  Scenario Outline: More than four hours of peer recovery services on one date need prior authorization
    Given a member "OH-104" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01
    And a history line H0038 with no modifiers units <earlier units> on 2026-03-02 by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule OH-LIM-0001

    Examples:
      | earlier units | units that day | verdict        |
      | 8             | 16             | has no finding |
      | 9             | 17             | has a finding  |

  @OH-LIM-0001
  Scenario Outline: A prior authorization with units left lets the day go over four hours
    Given a member "OH-105" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01
    And an authorization "OH-PA-1" for H0038 with no modifiers units <authorized> from 2026-03-01 to 2026-03-31
    And a claim line H0038 with no modifiers units 24 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule OH-LIM-0001

    Examples:
      | authorized | verdict        |
      | 24         | has no finding |
      | 20         | has a finding  |

  @OH-LIM-0001 @FED-CRED-0002
  Scenario Outline: A line denied for another reason uses none of the day's four hours
    Given a member "OH-106" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1987654328 holding credential OH-CPRS issued 2019-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 16 on 2026-03-02
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <credential verdict> by rule FED-CRED-0002
    And the claim <cap verdict> by rule OH-LIM-0001

    Examples:
      | first peer's credential | expires    | credential verdict | cap verdict    |
      | lapsed: line 1 denied   | 2025-12-31 | has a finding      | has no finding |
      | current: line 1 paid    | 2027-12-31 | has no finding     | has a finding  |

  @OH-LIM-0001
  Scenario: Over four hours a day, the fix names how many units fit
    Given a member "OH-107" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01
    And a history line H0038 with no modifiers units 12 on 2026-03-02 by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule OH-LIM-0001 with severity error
    And the finding by rule OH-LIM-0001 says "Bill at most 4 units of H0038 for 2026-03-02: 12 of 16 are already used"
    And the claim is rejected

  @FED-ELIG-0004 @FED-CRED-0002 @FED-COV-0005 @FED-SCOPE-0003 @OH-COV-0001
  Scenario Outline: A line of each population Ohio pays for, by any certified peer supporter, is accepted
    Given a member "OH-110" born <born> enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1390000028 holding credential <credential> issued 2019-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    And the claim's principal diagnosis is <diagnosis>
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0005
    And the claim has no finding by rule FED-SCOPE-0003
    And the claim has no finding by rule OH-COV-0001
    And the claim is accepted

    Examples:
      | population                          | born       | credential | modifiers | diagnosis |
      | adult mental health                 | 1980-04-15 | OH-CPRS    | none      | F331      |
      | substance use                       | 1980-04-15 | OH-CPRS    | HF        | F1120     |
      | youth, by a youth peer supporter    | 2011-08-30 | OH-CYPS    | HA        | F902      |
      | family, member not present          | 2011-08-30 | OH-CFPS    | HS        | F902      |
      | family, member present              | 2011-08-30 | OH-CFPS    | HR        | F902      |
      | family, by a peer recovery supporter| 2011-08-30 | OH-CPRS    | HS        | F902      |

  @OH-COV-0001
  Scenario Outline: An Ohio behavioral health claim carries a mental illness or substance use diagnosis
    Given a member "OH-111" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1390000028 holding credential OH-CPRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    And the claim's principal diagnosis is <diagnosis>
    When the claim is checked
    Then the claim <verdict> by rule OH-COV-0001

    Examples:
      | diagnosis | meaning                            | verdict        |
      | F331      | major depressive disorder          | has no finding |
      | F1120     | opioid dependence                  | has no finding |
      | E119      | type 2 diabetes, no behavioral one | has a finding  |
      | Z7189     | counseling, no behavioral one      | has a finding  |

  @OH-COV-0001
  Scenario: A claim without a behavioral health diagnosis is flagged, as a warning naming the inferred diagnosis list
    Given a member "OH-112" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1390000028 holding credential OH-CPRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    And the claim's principal diagnosis is E119
    When the claim is checked
    Then the claim has a finding by rule OH-COV-0001 with severity warning and CARC 11 and RARC M76
    And the finding by rule OH-COV-0001 says "is not a mental illness or substance use disorder"
    And the claim is accepted

  @FED-CRED-0005
  Scenario Outline: An Ohio peer credential qualifies the peer only if they were of its age when first certified
    Given a member "OH-113" born 2011-08-30 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1390000036 born <born> holding credential <credential> issued 2023-09-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    And the claim's principal diagnosis is F902
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0005

    Examples:
      | peer                               | born       | credential | modifiers | verdict        |
      | youth peer, 18 when certified      | 2005-09-01 | OH-CYPS    | HA        | has no finding |
      | youth peer, 30 when certified      | 1993-03-15 | OH-CYPS    | HA        | has no finding |
      | youth peer, 31 when certified      | 1992-08-31 | OH-CYPS    | HA        | has a finding  |
      | youth peer, 17 when certified      | 2005-09-02 | OH-CYPS    | HA        | has a finding  |
      | family peer, 21 when certified     | 2002-09-01 | OH-CFPS    | HS        | has no finding |
      | family peer, 20 when certified     | 2002-09-02 | OH-CFPS    | HS        | has a finding  |
      | peer recovery supporter, 17        | 2005-09-02 | OH-CPRS    | none      | has a finding  |

  @FED-CRED-0005
  Scenario: A youth peer supporter certified at 31 is denied with the Ohio rule's words
    Given a member "OH-114" born 2011-08-30 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1390000036 born 1992-08-31 holding credential OH-CYPS issued 2023-09-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    And the claim's principal diagnosis is F902
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0005 with severity error and CARC 185 and RARC N95
    And the finding by rule FED-CRED-0005 says "no older than thirty years of age at the time of certification"
    And the claim is rejected
