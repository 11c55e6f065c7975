@ca
Feature: California peer support (Medi-Cal Peer Support Services)
  Medi-Cal Peer Support Services began 2022-07-01 in counties that opted in, in Specialty Mental
  Health Services (SMHS) and in Drug Medi-Cal or DMC-ODS, rendered by CalMHSA-certified Medi-Cal
  Peer Support Specialists. The member must be in a county delivery system that covers the service
  (a substance use line in DMC or DMC-ODS), and the peer must be certified. The HCPCS codes are
  inferred (H0038, H0025), no limit or authorization is known, so a California claim is never
  fully checked; a line before the benefit began is denied.

  Background:
    Given a payer "CA-MCD" of state CA kind ffs
    And a billing provider with NPI 1060000019

  @FED-SCOPE-0001 @FED-ELIG-0002 @FED-CRED-0002 @CA-ELIG-0001 @FED-COV-0001
  Scenario Outline: A certified peer's line of each population California pays for is accepted, not fully checked (no limit or authorization is known)
    Given a member "CA-100" born 2007-04-15 enrolled in <program> from 2022-07-01 to open
    And a peer with NPI 1060000027 holding credential CA-PSS issued 2022-09-01 expires 2028-08-31
    And a claim line <code> with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0002
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule CA-ELIG-0001
    And the claim has no finding by rule FED-COV-0001
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is not fully checked
    And the claim is accepted

    Examples:
      | population | program | code | modifiers |
      | adult mental health | CA-SMHS | H0038 | none |
      | mental health (HE) | CA-SMHS | H0038 | HE |
      | substance use, DMC-ODS | CA-DMC-ODS | H0038 | HF |
      | substance use, state-plan DMC | CA-DMC | H0038 | HF |
      | youth | CA-SMHS | H0038 | HA |
      | family, member not present | CA-SMHS | H0038 | HS |
      | family, member present | CA-DMC-ODS | H0038 | HR |
      | skill-building group (H0025) | CA-SMHS | H0025 | HQ |

  @FED-ELIG-0002
  Scenario Outline: Peer support is covered only for a member in a county behavioral health delivery system
    Given a member "CA-101" born 1980-04-15 enrolled in <program> from <start> to open
    And a peer with NPI 1060000027 holding credential CA-PSS issued 2022-09-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0002

    Examples:
      | program | start | verdict |
      | CA-SMHS | 2026-03-02 | has no finding |
      | CA-SMHS | 2026-03-03 | has a finding |
      | CA-MEDICAID | 2019-01-01 | has a finding |

  @CA-ELIG-0001
  Scenario Outline: A substance use (HF) peer line needs the member in the county's Drug Medi-Cal or DMC-ODS system
    Given a member "CA-102" born 1980-04-15 enrolled in <program> from 2022-07-01 to open
    And a peer with NPI 1060000027 holding credential CA-PSS issued 2022-09-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule CA-ELIG-0001

    Examples:
      | program | modifiers | verdict |
      | CA-DMC-ODS | HF | has no finding |
      | CA-DMC | HF | has no finding |
      | CA-SMHS | HF | has a finding |
      | CA-SMHS | none | has no finding |
      | CA-SMHS | HE | has no finding |

  @CA-ELIG-0001
  Scenario: The denial of a substance use line outside DMC names the member's enrollment and the fix
    Given a member "CA-103" born 1980-04-15 enrolled in CA-SMHS from 2022-07-01 to open
    And a peer with NPI 1060000027 holding credential CA-PSS issued 2022-09-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule CA-ELIG-0001 with severity error and CARC 204 and RARC N216
    And the finding by rule CA-ELIG-0001 says "is not enrolled on 2026-03-02 in a county Drug Medi-Cal or DMC-ODS delivery system (CA-DMC, CA-DMC-ODS); enrolled in: CA-SMHS"
    And the claim is rejected

  @FED-CRED-0002
  Scenario Outline: The rendering peer is a Medi-Cal Peer Support Specialist certified on the date of service
    Given a member "CA-104" born 1980-04-15 enrolled in CA-SMHS from 2022-07-01 to open
    And a peer with NPI 1060000027 holding credential <credential> issued 2022-09-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires | verdict |
      | CA-PSS | never | has no finding |
      | CA-PSS | 2026-03-02 | has no finding |
      | CA-PSS | 2026-03-01 | has a finding |
      | AZ-PRSS | never | has a finding |

  @FED-COV-0001
  Scenario: A line billed with a code other than the inferred peer codes is flagged, not denied
    Given a member "CA-105" born 1980-04-15 enrolled in CA-SMHS from 2022-07-01 to open
    And a peer with NPI 1060000027 holding credential CA-PSS issued 2022-09-01
    And a claim line T1016 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001 with severity warning

  @FED-COV-0006
  Scenario: Peer support before Medi-Cal Peer Support Services began is denied
    Given a member "CA-106" born 1980-04-15 enrolled in CA-SMHS from 2019-01-01 to open
    And a peer with NPI 1060000027 holding credential CA-PSS issued 2020-01-01
    And a claim line H0038 with no modifiers units 4 on 2022-06-30
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0006 with severity error
    And the claim is rejected

  @FED-COV-0006
  Scenario: Peer support on the day Medi-Cal Peer Support Services began is not denied for its date
    Given a member "CA-107" born 1980-04-15 enrolled in CA-SMHS from 2019-01-01 to open
    And a peer with NPI 1060000027 holding credential CA-PSS issued 2020-01-01
    And a claim line H0038 with no modifiers units 4 on 2022-07-01
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0006

  @FED-CRED-0005
  Scenario Outline: A Medi-Cal Peer Support Specialist was at least 18 when certified
    Given a member "CA-108" born 1980-04-15 enrolled in CA-SMHS from 2022-07-01 to open
    And a peer with NPI 1060000027 born <born> holding credential CA-PSS issued 2022-09-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0005

    Examples:
      | age when certified | born       | verdict        |
      | 18                 | 2004-09-01 | has no finding |
      | 17                 | 2004-09-02 | has a finding  |
