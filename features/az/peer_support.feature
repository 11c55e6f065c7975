@az
Feature: Arizona peer support (Self-Help/Peer Services) and Family Support, two AHCCCS services
  AHCCCS covers Self-Help/Peer Services, rendered by a Peer and Recovery Support Specialist
  (PRSS), and Family Support (Home Care Training Family) as a separate service, rendered by a
  family support provider. The codes are inferred from the service names (H0038, S5110), the
  credentials rest on secondary sources (their findings warn), and no limit or authorization is
  known, so an Arizona claim is never fully checked. A member must have AHCCCS (Title XIX/XXI)
  eligibility on the date of service: Non-Title XIX members are served from other funds.

  Background:
    Given a payer "AZ-MCD" of state AZ kind ffs
    And a billing provider with NPI 1040000014

  @FED-SCOPE-0001 @FED-ELIG-0004 @AZ-CRED-0001 @AZ-CRED-0002 @FED-COV-0001 @FED-SCOPE-0003
  Scenario Outline: A line of each population Arizona pays for, by the credential of its service, is accepted, not fully checked
    Given a member "AZ-100" born 1984-02-11 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI <npi> holding credential <credential> issued 2021-05-01
    And a claim line <code> with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule AZ-CRED-0001
    And the claim has no finding by rule AZ-CRED-0002
    And the claim has no finding by rule FED-COV-0001
    And the claim has no finding by rule FED-SCOPE-0003
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is not fully checked
    And the claim is accepted

    Examples:
      | service                              | npi        | credential | code  | modifiers |
      | peer support, adult mental health    | 1040000022 | AZ-PRSS    | H0038 | none      |
      | peer support, mental health (HE)     | 1040000022 | AZ-PRSS    | H0038 | HE        |
      | Family Support                       | 1040000030 | AZ-PFSP    | S5110 | none      |
      | Family Support, member not present   | 1040000030 | AZ-PFSP    | S5110 | HS        |

  @FED-SCOPE-0003 @AZ-CRED-0001
  Scenario: A substance use peer line is accepted but not fully checked: that AHCCCS pays it rests on a secondary source
    Given a member "AZ-100" born 1984-02-11 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1040000022 holding credential AZ-PRSS issued 2021-05-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule AZ-CRED-0001
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is not fully checked
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth peer line is accepted but not fully checked: whether AHCCCS pays a youth peer service is unknown
    Given a member "AZ-101" born 2012-06-01 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1040000022 holding credential AZ-PRSS issued 2021-05-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted

  @FED-ELIG-0004
  Scenario Outline: The member has AHCCCS eligibility on the date of service; a Non-Title XIX member is not billed to Medicaid
    Given a member "AZ-102" born 1984-02-11 enrolled in <program> from <start> to open
    And a peer with NPI 1040000022 holding credential AZ-PRSS issued 2021-05-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | program      | start      | verdict        |
      | AZ-MEDICAID  | 2026-03-02 | has no finding |
      | AZ-MEDICAID  | 2026-03-03 | has a finding  |
      | AZ-NTXIX-SMI | 2019-01-01 | has a finding  |
      | AZ-SABG      | 2019-01-01 | has a finding  |

  @FED-ELIG-0004
  Scenario: A Non-Title XIX SMI member's peer support billed to Arizona Medicaid is denied
    Given a member "AZ-103" born 1984-02-11 enrolled in AZ-NTXIX-SMI from 2019-01-01 to open
    And a peer with NPI 1040000022 holding credential AZ-PRSS issued 2021-05-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0004 with severity error and CARC 27 and RARC N30
    And the claim is rejected

  @AZ-CRED-0001
  Scenario Outline: Self-Help/Peer Services are rendered by a Peer and Recovery Support Specialist
    Given a member "AZ-104" born 1984-02-11 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1040000022 holding credential <credential> issued 2021-05-01 expires <expires>
    And a claim line <code> with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule AZ-CRED-0001

    Examples:
      | credential | expires    | code  | verdict        |
      | AZ-PRSS    | never      | H0038 | has no finding |
      | AZ-PRSS    | 2026-03-01 | H0038 | has a finding  |
      | AZ-PFSP    | never      | H0038 | has a finding  |
      | AZ-PFSP    | never      | S5110 | has no finding |

  @AZ-CRED-0001
  Scenario: A peer line by a family support provider only is flagged, as a warning naming the secondary source
    Given a member "AZ-105" born 1984-02-11 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1040000030 holding credential AZ-PFSP issued 2021-05-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule AZ-CRED-0001 with severity warning and CARC B7 and RARC N290
    And the finding by rule AZ-CRED-0001 says "holds no current Peer and Recovery Support Specialist credential on 2026-03-02"
    And the claim is accepted

  @AZ-CRED-0002
  Scenario Outline: Family Support is rendered by a family support provider, not by a peer support credential alone
    Given a member "AZ-106" born 1984-02-11 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1040000030 holding credential <credential> issued 2021-05-01 expires <expires>
    And a claim line <code> with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule AZ-CRED-0002

    Examples:
      | credential | expires    | code  | verdict        |
      | AZ-PFSP    | never      | S5110 | has no finding |
      | AZ-PFSP    | 2026-03-01 | S5110 | has a finding  |
      | AZ-PRSS    | never      | S5110 | has a finding  |
      | AZ-PRSS    | never      | H0038 | has no finding |

  @AZ-CRED-0002
  Scenario: A Family Support line by a peer support specialist only is flagged, as a warning
    Given a member "AZ-107" born 1984-02-11 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1040000022 holding credential AZ-PRSS issued 2021-05-01
    And a claim line S5110 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule AZ-CRED-0002 with severity warning and CARC B7 and RARC N290
    And the claim is not fully checked
    And the claim is accepted

  @FED-COV-0001
  Scenario: A line billed with a code other than the inferred peer and family support codes is flagged, not denied
    Given a member "AZ-108" born 1984-02-11 enrolled in AZ-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1040000022 holding credential AZ-PRSS issued 2021-05-01
    And a claim line T1016 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001 with severity warning
