@pa
Feature: Pennsylvania peer support: what is checked and what is not
  Pennsylvania Medical Assistance pays Peer Support Services by PCB Certified Peer Specialists
  since 2006-11-01. Enrollment, the credential, the code (H0038, an inference) and the mental health
  diagnosis (a warning: secondary evidence) are checked; limits and authorization are unknown, so a
  claim is never silently accepted.

  Background:
    Given a payer "PA-MEDICAID-FFS" of state PA kind ffs
    And a billing provider with NPI 1122334455

  @FED-ELIG-0004 @FED-CRED-0002 @FED-COV-0001
  Scenario: A Certified Peer Specialist's session for a Medical Assistance member is judged by the Pennsylvania parameters
    Given a member "PA-100" born 1980-04-15 enrolled in PA-HEALTHCHOICES from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01 expires 2027-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0001
    And the claim is accepted

  @FED-ELIG-0004
  Scenario Outline: The member is in fee-for-service Medical Assistance or HealthChoices on the date of service
    Given a member "PA-101" born 1980-04-15 enrolled in <program> from 2019-01-01 to <end>
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | program          | end        | verdict        |
      | PA-MEDICAID      | open       | has no finding |
      | PA-HEALTHCHOICES | open       | has no finding |
      | PA-HEALTHCHOICES | 2026-03-01 | has a finding  |
      | NJ-MEDICAID      | open       | has a finding  |

  @FED-CRED-0002
  Scenario Outline: The rendering peer holds a current Pennsylvania Certification Board peer credential
    Given a member "PA-102" born 1980-04-15 enrolled in PA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires    | verdict        |
      | PA-CPS     | never      | has no finding |
      | PA-CPS     | 2026-03-01 | has a finding  |
      | NY-NYCPS   | never      | has a finding  |

  @FED-COV-0001
  Scenario: A line billed with another code than the one this pack reads as Pennsylvania's peer support code is flagged
    Given a member "PA-103" born 1980-04-15 enrolled in PA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01
    And a claim line H0046 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001

  @FED-SCOPE-0001
  Scenario: A Pennsylvania peer support claim is accepted but not fully checked: no Pennsylvania limit or authorization rule encoded
    Given a member "PA-100" born 1980-04-15 enrolled in PA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A Pennsylvania SUD peer line is not fully checked: whether Medical Assistance pays for it is in conflict
    Given a member "PA-101" born 1980-04-15 enrolled in PA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CRS issued 2019-01-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted

  @PA-COV-0001
  Scenario Outline: Peer support services have a mental health principal diagnosis (a warning: the D&A-only exclusion is secondary)
    Given a member "PA-104" born 1980-04-15 enrolled in PA-HEALTHCHOICES from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01
    And the claim's principal diagnosis is <code>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule PA-COV-0001
    And the claim is accepted

    Examples:
      | code  | meaning                           | verdict        |
      | F332  | major depressive disorder         | has no finding |
      | F201  | schizophrenia                     | has no finding |
      | F1120 | opioid dependence (D&A only)      | has a finding  |
      | G4700 | insomnia, not a mental disorder   | has a finding  |

  @PA-COV-0001
  Scenario: A drug and alcohol-only diagnosis gives a warning naming the doubt, not a denial
    Given a member "PA-104" born 1980-04-15 enrolled in PA-HEALTHCHOICES from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01
    And the claim's principal diagnosis is F1020
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule PA-COV-0001 with severity warning and CARC 11
    And the claim is accepted

  @FED-COV-0005 @FED-CRED-0002 @PA-COV-0001
  Scenario: A transition-age youth peer line by a Certified Peer Specialist is accepted (youth coverage rests on one provider's program, so not fully checked)
    Given a member "PA-105" born 2007-06-01 enrolled in PA-HEALTHCHOICES from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CPS issued 2019-01-01
    And the claim's principal diagnosis is F331
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule PA-COV-0001
    And the claim has no finding by rule FED-COV-0005
    And the claim is not fully checked
    And the claim is accepted

  @FED-CRED-0004
  Scenario: A Certified Recovery Specialist rendering a mental health peer support line is denied with Pennsylvania's citation
    Given a member "PA-106" born 1980-04-15 enrolled in PA-HEALTHCHOICES from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential PA-CRS issued 2019-01-01
    And the claim's principal diagnosis is F332
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity error and CARC 185 and RARC N95
    And the finding by rule FED-CRED-0004 says "OMHSAS-09-07"
    And the claim is rejected

  @FED-CRED-0004
  Scenario Outline: Each Pennsylvania population's line is rendered by its own certification (secondary where the population is)
    Given a member "PA-107" born <born> enrolled in PA-HEALTHCHOICES from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And the claim's principal diagnosis is F332
    And a claim line H0038 with <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0004

    Examples:
      | born       | credential | modifiers    |
      | 1980-04-15 | PA-CPS     | no modifiers |
      | 2007-06-01 | PA-CPS     | modifiers HA |
      | 1980-04-15 | PA-CRS     | modifiers HF |

  @FED-CRED-0004
  Scenario Outline: A youth line by a recovery specialist, or an SUD line by a peer specialist, is flagged, not denied (secondary facts)
    Given a member "PA-108" born <born> enrolled in PA-HEALTHCHOICES from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And the claim's principal diagnosis is F332
    And a claim line H0038 with <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity warning
    And the claim is accepted

    Examples:
      | born       | credential | modifiers    |
      | 2007-06-01 | PA-CRS     | modifiers HA |
      | 1980-04-15 | PA-CPS     | modifiers HF |
