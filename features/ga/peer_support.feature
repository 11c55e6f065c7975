@ga
Feature: Georgia peer support (H0038)
  Georgia Medicaid pays H0038 peer support for members enrolled in GA-MEDICAID. The peer must
  hold the certified peer specialist credential of the population the line serves, read from
  its population modifier: CPS-MH for adult mental health (HE, or no population modifier),
  CPS-AD for addictive diseases (HF), CPS-P for parents and families (HS, HR) and CPS-Y for
  youth (HA). Georgia does not recognize the telehealth modifier 95 on these lines.

  Background:
    Given a payer "GA-DCH" of state GA kind ffs
    And a member "GA-100" born 1985-02-14 enrolled in GA-MEDICAID from 2020-01-01 to open
    And a billing provider with NPI 1122334455

  @GA-COD-0001
  Scenario: A line billed with the telehealth modifier 95 is denied
    Given a peer with NPI 1234567893 holding credential GA-CPS-MH issued 2020-01-01
    And a claim line H0038 with modifiers 95 units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule GA-COD-0001 with severity error and CARC 4
    And the claim is rejected

  @GA-COD-0001
  Scenario: A line billed without modifier 95 is not denied for the modifier
    Given a peer with NPI 1234567893 holding credential GA-CPS-MH issued 2020-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule GA-COD-0001
    And the claim is accepted

  @FED-CRED-0003
  Scenario Outline: A peer certified for the population the line serves may render it
    Given a peer with NPI 1234567893 holding credential <credential> issued 2020-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0003
    And the claim is accepted

    Examples:
      | population                        | modifiers | credential |
      | adult mental health, by default   | none      | GA-CPS-MH  |
      | adult mental health               | HE        | GA-CPS-MH  |
      | addictive diseases                | HF        | GA-CPS-AD  |
      | parents, member absent            | HS        | GA-CPS-P   |
      | parents, member present           | HR        | GA-CPS-P   |
      | youth                             | HA        | GA-CPS-Y   |

  @FED-CRED-0003
  Scenario Outline: A peer certified for another population than the line serves is flagged, not denied (the credential-population match is inferred)
    Given a peer with NPI 1234567893 holding credential <credential> issued 2020-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0003 with severity warning and CARC 185
    And the claim is not fully checked

    Examples:
      | population                      | modifiers | credential |
      | addictive diseases              | HF        | GA-CPS-MH  |
      | adult mental health, by default | none      | GA-CPS-AD  |
      | youth                           | HA        | GA-CPS-P   |
      | parents                         | HS        | GA-CPS-Y   |

  @FED-CRED-0002 @FED-CRED-0003
  Scenario: A peer whose only credential expired before the date of service holds no credential at all (B7/N290, not 185/N95)
    Given a peer with NPI 1234567893 holding credential GA-CPS-AD issued 2020-01-01 expires 2025-12-31
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7 and RARC N290
    And the claim has no finding by rule FED-CRED-0003

  @FED-CRED-0002 @FED-CRED-0003
  Scenario: A peer holding no credential at all is denied as uncredentialed (B7/N290), not as the wrong peer type (185/N95)
    Given a peer with NPI 1234567893 holding no credential
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7 and RARC N290
    And the claim has no finding by rule FED-CRED-0003
    And the claim is rejected

  @FED-CRED-0002
  Scenario: A peer holding a Georgia peer credential for another population is not denied as uncredentialed
    Given a peer with NPI 1234567893 holding credential GA-CPS-MH issued 2020-01-01
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
