@federal
Feature: The verdict says what was checked: no claim is accepted in silence
  A claim is fully checked only when its state's packs encode a rule of every kind (enrollment,
  credential, coverage, limits, authorization) in force on its dates of service, the dates are
  inside the packs' verified range, the line's population is one the state's Medicaid is known
  to pay for (on V or trusted S evidence), and no rule that found a problem was kept from
  denying by its evidence. Otherwise the claim says what was not checked and why (a warning,
  which does not change its status). A service the state does not pay for on verified evidence (a
  population not covered, or a date before the benefit began) is denied as not covered.

  @FED-SCOPE-0001
  Scenario: A claim for a jurisdiction with no rule pack (Puerto Rico) is accepted but not fully checked
    Given a payer "PR-MEDICAID" of state PR kind ffs
    And a member "PR-100" born 1980-04-15
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
  Scenario Outline: A population the test state does not pay for is denied, an unknown one or one covered on an untrusted source is said
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
    And the claim is <checked>

    Examples:
      | modifiers | population (zz)          | not covered    | unknown        | status   | checked           |
      | HE        | mental health: covered   | has no finding | has no finding | accepted | fully checked     |
      | HF        | substance use: not (V)   | has a finding  | has no finding | rejected | fully checked     |
      | HA        | youth: unknown (U)       | has no finding | has a finding  | accepted | not fully checked |
      | HS        | family: covered (S)      | has no finding | has a finding  | accepted | not fully checked |

  @FED-COV-0003 @FED-SCOPE-0001 @FED-SCOPE-0003
  Scenario Outline: A line whose only finding is an error kept from denying by its evidence is not fully checked
    Given the rule packs include the test pack "zz", which encodes every kind of check
    And a payer "ZZ-MEDICAID" of state ZZ kind ffs
    And a member "ZZ-100" born 1980-04-15 enrolled in ZZ-MEDICAID from 2020-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential ZZ-CPS issued 2020-01-01
    And an authorization "ZZ-PA-1" for H0038 with no modifiers units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with no modifiers units <units> on 2026-03-02 in unit basis <basis>
    When the claim is checked
    Then the claim <verdict>
    And the claim has no finding by rule FED-SCOPE-0001
    And the claim has no finding by rule FED-SCOPE-0003
    And the claim is accepted
    And the claim is <checked>

    Examples:
      | basis | units | verdict                                                  | checked           |
      | UN    | 4     | has no finding by rule FED-COV-0003                      | fully checked     |
      | MJ    | 15    | has a finding by rule FED-COV-0003 with severity warning | not fully checked |

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

  @FED-COV-0005 @FED-SCOPE-0001 @ct
  Scenario: Connecticut pays peer support only for mental health: a substance use (HF) line is denied as not covered
    Given a payer "CT-DSS" of state CT kind ffs
    And a member "CT-100" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01 expires 2027-12-31
    And an authorization "CT-POC-1" for H0038 with modifiers HF units 96 from 2026-01-01 to 2026-12-31
    And a claim line H0038 with modifiers HF units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0005 with severity error and CARC 96
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is rejected
    And the claim is not fully checked

  @FED-COV-0005 @ct
  Scenario: A Connecticut mental health line is not denied for its population
    Given a payer "CT-DSS" of state CT kind ffs
    And a member "CT-100" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01 expires 2027-12-31
    And a claim line H0038 with modifiers HE units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0005

  @FED-COV-0006 @FED-NPI-0002 @FED-SCOPE-0001 @tx
  Scenario: A Texas claim dated before 2019-01-01, when peer support became a Texas benefit, is denied, and its NPIs are still checked
    Given a payer "TX-HHSC" of state TX kind ffs
    And a member "TX-100" born 1990-06-01 enrolled in TX-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0038 with no modifiers units 4 on 2018-12-31 rendered by NPI 1234567890
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0006 with severity error and CARC 96
    And the claim has a finding by rule FED-NPI-0002 with severity error and CARC 207
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is rejected
    And the claim is not fully checked

  @FED-COV-0006 @tx
  Scenario: A Texas claim dated on the day the benefit began is not denied for its date
    Given a payer "TX-HHSC" of state TX kind ffs
    And a member "TX-100" born 1990-06-01 enrolled in TX-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0038 with no modifiers units 4 on 2019-01-01
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0006

  @FED-COV-0006 @FED-COV-0005 @FED-SCOPE-0002 @nj
  Scenario Outline: A New Jersey substance use (HF) line dated before 2020-07-01, when its peer benefit began, is denied
    Given a payer "NJ-DMAHS" of state NJ kind ffs
    And a member "NJ-100" born 1980-04-15 enrolled in NJ-MEDICAID from 2020-01-01 to open
    And a billing provider with NPI 1122334455
    And a claim line H0038 with modifiers HF units 4 on <date>
    When the claim is checked
    Then the claim <before benefit> by rule FED-COV-0006
    And the claim has no finding by rule FED-COV-0005
    And the claim <outside range> by rule FED-SCOPE-0002

    Examples:
      | date       | before benefit | outside range  |
      | 2020-06-30 | has a finding  | has a finding  |
      | 2020-07-01 | has no finding | has no finding |
