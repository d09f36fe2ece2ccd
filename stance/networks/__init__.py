"""Model plumbing shared by the attribution and scoring networks.

* :mod:`stance.networks.encoder` -- loading the sentence encoders (installed packages, part archives);
* :mod:`stance.networks.inference` -- precision, threads, length batching and :func:`~stance.networks.inference.batched`,
  the one batched-inference loop every network uses;
* :mod:`stance.networks.lora` -- LoRA adapters;
* :mod:`stance.networks.archive` -- unpacking and checking encoders shipped as package parts.
"""
