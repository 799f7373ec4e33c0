
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "PortabilityResult": [
      "Portability",
      "PortabilityCheckError"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "PortabilityResult": [
      "Portability",
      "PortabilityCheckError"
    ]
  }
};
      export default result;
    