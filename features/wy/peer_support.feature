@wy
Feature: Wyoming peer support: what is checked and what is not
  Wyoming Medicaid covers certified peer specialist services furnished by certified mental health
  or substance abuse treatment centers. Enrollment, the credential and the code are checked (the
  code, H0038, is an inference); limits are unknown, so a claim is never silently accepted.

  Background:
    Given a payer "WY-MEDICAID-FFS" of state WY kind ffs
    And a billing provider with NPI 1122334455

  @FED-CRED-0002 @FED-COV-0001 @FED-ELIG-0004
  Scenario: A session by a peer holding a Wyoming credential is judged by the Wyoming parameters
    Given a member "WY-200" born 1980-04-15 enrolled in WY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WY-CPS issued 2019-01-01 expires 2027-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0001
    And the claim has no finding by rule FED-ELIG-0004
    And the claim is accepted

  @FED-ELIG-0004
  Scenario Outline: The member is enrolled in Wyoming Medicaid on the date of service
    Given a member "WY-201" born 1980-04-15 enrolled in WY-MEDICAID from 2019-01-01 to <end>
    And a peer with NPI 1234567893 holding credential WY-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | end        | verdict        |
      | open       | has no finding |
      | 2026-03-01 | has a finding  |

  @FED-CRED-0002
  Scenario Outline: The rendering peer holds a credential Wyoming accepts, current on the date of service
    Given a member "WY-202" born 1980-04-15 enrolled in WY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires    | verdict        |
      | WY-CPS     | never      | has no finding |
      | WY-CPS     | 2026-03-01 | has a finding  |
      | VA-PRS     | never      | has a finding  |

  @FED-COV-0001
  Scenario: A line billed with another code than the one this pack reads as Wyoming's peer support code is flagged
    Given a member "WY-203" born 1980-04-15 enrolled in WY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WY-CPS issued 2019-01-01
    And a claim line H0046 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001

  @FED-SCOPE-0001
  Scenario: A Wyoming peer specialist claim is accepted but not fully checked: no Wyoming rules encoded
    Given a member "WY-100" born 1980-04-15 enrolled in WY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WY-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A Wyoming youth peer line is not fully checked: youth coverage unknown
    Given a member "WY-101" born 2012-04-15 enrolled in WY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WY-CPS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
