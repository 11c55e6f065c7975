@federal
Feature: The verdict says what was checked: no claim is accepted in silence
  A claim is fully checked only when its state's packs encode a rule of every kind (enrollment,
  credential, coverage, limits, authorization) in force on its dates of service, the dates are
  inside the packs' verified range, and the line's population is one the state's Medicaid is
  known to pay for. Otherwise the claim says what was not checked and why (a warning, which does
  not change its status). A service the state does not pay for on verified evidence (a
  population not covered, or a date before the benefit began) is denied as not covered.

  @FED-SCOPE-0001
  Scenario: A claim for a state with no rule pack is accepted but not fully checked
    Given a payer "PA-DHS" of state PA kind ffs
    And a member "PA-100" born 1980-04-15 enrolled in PA-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted
    And the claim is not fully checked

  @FED-SCOPE-0001 @FED-SCOPE-0002 @FED-SCOPE-0003 @FED-COV-0005 @FED-COV-0006
  Scenario: A claim of a state whose pack encodes every kind of check, on covered dates and population, is fully checked
    Given the rule packs include the test pack "zz", which encodes every kind of check
    And a payer "ZZ-MEDICAID" of state ZZ kind ffs
    And a member "ZZ-100" born 1980-04-15 enrolled in ZZ-MEDICAID from 2020-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential ZZ-CPS issued 2020-01-01
    And an authorization "ZZ-PA-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-SCOPE-0001
    And the claim has no finding by rule FED-SCOPE-0002
    And the claim has no finding by rule FED-SCOPE-0003
    And the claim has no finding by rule FED-COV-0005
    And the claim has no finding by rule FED-COV-0006
    And the claim is accepted
    And the claim is fully checked

  @FED-SCOPE-0001 @FED-SCOPE-0002 @FED-SCOPE-0003 @FED-COV-0005
  Scenario Outline: A population the test state does not pay for is denied, an unknown one is said
    Given the rule packs include the test pack "zz", which encodes every kind of check
    And a payer "ZZ-MEDICAID" of state ZZ kind ffs
    And a member "ZZ-100" born 1980-04-15 enrolled in ZZ-MEDICAID from 2020-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential ZZ-CPS issued 2020-01-01
    And an authorization "ZZ-PA-1" for H0038 with modifiers <modifiers> units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-SCOPE-0001
    And the claim has no finding by rule FED-SCOPE-0002
    And the claim <not covered> by rule FED-COV-0005
    And the claim <unknown> by rule FED-SCOPE-0003
    And the claim is <status>

    Examples:
      | modifiers | population (zz)          | not covered    | unknown        | status   |
      | HE        | mental health: covered   | has no finding | has no finding | accepted |
      | HF        | substance use: not (V)   | has a finding  | has no finding | rejected |
      | HA        | youth: unknown (U)       | has no finding | has a finding  | accepted |

  @FED-SCOPE-0001 @FED-SCOPE-0002 @FED-COV-0006
  Scenario: A date before the test state's benefit began is denied, and outside its verified range is said
    Given the rule packs include the test pack "zz", which encodes every kind of check
    And a payer "ZZ-MEDICAID" of state ZZ kind ffs
    And a member "ZZ-100" born 1980-04-15 enrolled in ZZ-MEDICAID from 2010-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential ZZ-CPS issued 2010-01-01
    And a claim line H0038 with no modifiers units 4 on 2019-12-31
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0006 with severity error and CARC 96
    And the claim has a finding by rule FED-SCOPE-0002 with severity warning
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is rejected
    And the claim is not fully checked
