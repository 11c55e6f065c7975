@ct
Feature: Connecticut peer support under the Mental Health Waiver (H0038)
  Connecticut pays H0038 peer support only under its Mental Health Waiver, a §1915(c) waiver
  (CT-MHW), for members aged 22 or older, under a plan of care issued to the billing provider.
  The peer holds the Recovery Support Specialist credential (CT-RSS) or, for dates of service
  from 2026-06-01, the Certified Peer Support and Recovery Professional credential at its full
  or provisional level (CT-CPSRP, CT-CPSRP-P). The CCAR Recovery Coach credential (CT-RC) is a
  different credential and is not accepted. Connecticut has no fee schedule in this pack, so
  expected payment is unknown.

  Background:
    Given a payer "CT-DSS" of state CT kind ffs
    And a billing provider with NPI 1122334455

  @FED-ELIG-0002 @FED-COV-0004 @FED-CRED-0002 @FED-AUTH-0001
  Scenario: A waiver participant's session with a Recovery Support Specialist under a plan of care is accepted
    Given a member "CT-100" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01 expires 2027-12-31
    And an authorization "CT-POC-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0002
    And the claim has no finding by rule FED-COV-0004
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-AUTH-0001
    And the line's expected payment is unknown
    And the claim is accepted

  @FED-ELIG-0002
  Scenario Outline: Peer support is covered only for members enrolled in the Mental Health Waiver
    Given a member "CT-101" born 1980-04-15 enrolled in <program> from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01
    And an authorization "CT-POC-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0002

    Examples:
      | program     | meaning                      | verdict        |
      | CT-MHW      | Mental Health Waiver         | has no finding |
      | CT-MEDICAID | state plan Medicaid only     | has a finding  |

  @FED-COV-0004
  Scenario Outline: Waiver peer support is for members aged 22 or older
    Given a member "CT-102" born <birth> enrolled in CT-MHW from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01
    And an authorization "CT-POC-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0004

    Examples:
      | birth      | age on 2026-03-02 | verdict        |
      | 2004-03-02 | 22                | has no finding |
      | 2004-03-03 | 21                | has a finding  |

  @FED-CRED-0002
  Scenario Outline: The peer holds a credential Connecticut accepts on the date of service
    Given a member "CT-103" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2022-01-01
    And an authorization "CT-POC-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | date       | verdict        |
      | CT-RSS     | 2026-03-02 | has no finding |
      | CT-RC      | 2026-03-02 | has a finding  |
      | CT-RC      | 2026-06-01 | has a finding  |
      | CT-CPSRP   | 2026-05-31 | has a finding  |
      | CT-CPSRP   | 2026-06-01 | has no finding |
      | CT-CPSRP-P | 2026-05-31 | has a finding  |
      | CT-CPSRP-P | 2026-06-01 | has no finding |

  @FED-CRED-0002
  Scenario: A Recovery Coach is not a Recovery Support Specialist and is denied
    Given a member "CT-104" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential CT-RC issued 2020-01-01
    And an authorization "CT-POC-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7
    And the line's expected payment is 0.00
    And the claim is rejected

  @FED-AUTH-0001
  Scenario: Peer support without a plan of care is denied
    Given a member "CT-105" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-AUTH-0001 with severity error and CARC 272
    And the claim is rejected

  @FED-AUTH-0001
  Scenario: A plan of care issued to another provider does not cover the billing provider's line
    Given a member "CT-106" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01
    And a billing provider with NPI 1444444446
    And an authorization "CT-POC-2" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a billing provider with NPI 1122334455
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-AUTH-0001

  @FED-CRED-0002
  Scenario: The finding names the peer whose credential lapsed, and says apart what the administrator records
    Given a member "CT-107" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01 expires 2026-01-31
    And an authorization "CT-POC-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7
    And the finding by rule FED-CRED-0002 says "Rendering peer Peer 1234567893 (NPI 1234567893) holds no credential"
    And the finding by rule FED-CRED-0002 says "held: CT-RSS (expired 2026-01-31)"
    And the finding by rule FED-CRED-0002 tells the administrator "record its new dates in providers.yaml"
