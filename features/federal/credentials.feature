@federal
Feature: The rendering peer holds a credential the state accepts, current on the date of service
  CMS SMD #07-011 requires peer support providers to be trained and certified as the state
  defines. Each state pack lists, by date, the credential types it accepts; a credential is
  current from its issue date through its expiry date. Connecticut accepts CT-RSS, and from
  2026-06-01 also CT-CPSRP and CT-CPSRP-P; it never accepts the CCAR Recovery Coach (CT-RC).
  Washington accepts WA-CPC through 2026-12-31, and WA-CPS or WA-CPS-T from 2025-07-01.

  @FED-CRED-0002
  Scenario Outline: A peer holding a credential the state accepts on the date of service may render
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born 1980-04-15 enrolled in <program> from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on <date>
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002

    @ct
    Examples: Connecticut
      | state | payer  | program | credential | date       | modifiers |
      | CT    | CT-DSS | CT-MHW  | CT-RSS     | 2026-03-02 | none      |
      | CT    | CT-DSS | CT-MHW  | CT-CPSRP   | 2026-06-01 | none      |
      | CT    | CT-DSS | CT-MHW  | CT-CPSRP-P | 2026-06-01 | none      |

    @tx
    Examples: Texas
      | state | payer   | program     | credential | date       | modifiers |
      | TX    | TX-HHSC | TX-MEDICAID | TX-CPS     | 2026-03-02 | none      |

    @nj
    Examples: New Jersey
      | state | payer    | program     | credential | date       | modifiers |
      | NJ    | NJ-DMAHS | NJ-MEDICAID | NJ-CPRS    | 2026-03-02 | HF        |

    @nc
    Examples: North Carolina
      | state | payer  | program     | credential | date       | modifiers |
      | NC    | NC-DHB | NC-MEDICAID | NC-CPSS    | 2026-03-02 | none      |

    @wa
    Examples: Washington
      | state | payer  | program     | credential | date       | modifiers |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPC     | 2025-06-30 | none      |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPC     | 2026-12-31 | none      |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPS     | 2025-07-01 | none      |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPS-T   | 2025-07-01 | none      |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPS     | 2027-01-01 | none      |

  @FED-CRED-0002
  Scenario Outline: A peer holding no credential the state accepts on the date of service is denied
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born 1980-04-15 enrolled in <program> from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on <date>
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7

    @ct
    Examples: Connecticut
      | state | payer  | program | credential | date       | modifiers |
      | CT    | CT-DSS | CT-MHW  | CT-RC      | 2026-03-02 | none      |
      | CT    | CT-DSS | CT-MHW  | CT-RC      | 2026-06-01 | none      |
      | CT    | CT-DSS | CT-MHW  | CT-CPSRP   | 2026-05-31 | none      |
      | CT    | CT-DSS | CT-MHW  | CT-CPSRP-P | 2026-05-31 | none      |

    @tx
    Examples: Texas
      | state | payer   | program     | credential | date       | modifiers |
      | TX    | TX-HHSC | TX-MEDICAID | NC-CPSS    | 2026-03-02 | none      |

    @nc
    Examples: North Carolina
      | state | payer  | program     | credential | date       | modifiers |
      | NC    | NC-DHB | NC-MEDICAID | TX-CPS     | 2026-03-02 | none      |

    @wa
    Examples: Washington
      | state | payer  | program     | credential | date       | modifiers |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPC     | 2027-01-01 | none      |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPS     | 2025-06-30 | none      |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPS-T   | 2025-06-30 | none      |

  @FED-CRED-0002
  Scenario Outline: An accepted credential that is not current on the date of service is denied
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "M-1" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued <issued> expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    @nc
    Examples:
      | issued     | expires    | credential on 2026-03-02 | verdict        |
      | 2024-03-02 | 2026-03-02 | current, last day        | has no finding |
      | 2026-03-02 | never      | current, first day       | has no finding |
      | 2023-03-02 | 2026-03-01 | expired the day before   | has a finding  |
      | 2026-03-03 | never      | issued the day after     | has a finding  |

  @FED-CRED-0002
  Scenario: A peer holding an accepted credential beside one the state does not accept may render
    Given a payer "CT-DSS" of state CT kind ffs
    And a member "M-1" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential CT-RC issued 2020-01-01
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2021-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
